"""webdet: web page element detection for MMDetection (screenshot + TextMaps, joint RPN)."""
from .engine import load_trusted_local_checkpoint
from .models import PortableRoIPool
from .version import __version__

__all__ = ['__version__', 'load_trusted_local_checkpoint', 'PortableRoIPool']
