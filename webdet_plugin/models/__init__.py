from .backbones import TwoStreamBackbone
from .data_preprocessors import WebDetDataPreprocessor, batch_textmap_index, gather_textmap
from .dense_heads import AnchorGroupRPNHead, HybridRPNHead, merge_proposals
from .layers import PortableRoIPool
from .necks import FusionNeck

__all__ = [
    'TwoStreamBackbone', 'WebDetDataPreprocessor', 'batch_textmap_index', 'gather_textmap',
    'PortableRoIPool', 'FusionNeck', 'AnchorGroupRPNHead', 'HybridRPNHead',
    'merge_proposals'
]
