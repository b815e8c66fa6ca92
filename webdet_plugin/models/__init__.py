from .backbones import TwoStreamBackbone
from .data_preprocessors import WebDetDataPreprocessor, batch_textmap_index, gather_textmap
from .dense_heads import (AnchorGroupRPNHead, ElementRPNHead, HybridRPNHead, element_targets,
                          merge_proposals)
from .layers import CandidateAttention, PortableRoIPool
from .necks import FusionNeck
from .roi_extractors import ContextRoIExtractor
from .roi_heads import CandidateAttentionBBoxHead, CandidateAttentionRoIHead, ClassMaskedRoIHead
from .task_modules import ChunkedBboxOverlaps2D, StableInstanceBalancedPosSampler
from .utils import freeze

__all__ = [
    'TwoStreamBackbone', 'WebDetDataPreprocessor', 'batch_textmap_index', 'gather_textmap',
    'PortableRoIPool', 'FusionNeck', 'ContextRoIExtractor', 'AnchorGroupRPNHead',
    'ElementRPNHead', 'HybridRPNHead', 'element_targets', 'merge_proposals',
    'ChunkedBboxOverlaps2D', 'StableInstanceBalancedPosSampler', 'freeze', 'CandidateAttention',
    'CandidateAttentionBBoxHead', 'CandidateAttentionRoIHead', 'ClassMaskedRoIHead'
]
