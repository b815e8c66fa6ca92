from .candidate_attention import CandidateAttention, box_features, pair_features
from .portable_roi_pool import PortableRoIPool, mmcv_bin_boxes, roi_pool_by_bins

__all__ = [
    'CandidateAttention', 'box_features', 'pair_features', 'PortableRoIPool', 'mmcv_bin_boxes',
    'roi_pool_by_bins'
]
