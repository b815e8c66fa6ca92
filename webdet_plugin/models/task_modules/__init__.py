from .chunked_bbox_overlaps import ChunkedBboxOverlaps2D
from .stable_instance_balanced_pos_sampler import StableInstanceBalancedPosSampler

__all__ = ['ChunkedBboxOverlaps2D', 'StableInstanceBalancedPosSampler']
