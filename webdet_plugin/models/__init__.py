from .layers import PortableRoIPool

__all__ = ['PortableRoIPool']
