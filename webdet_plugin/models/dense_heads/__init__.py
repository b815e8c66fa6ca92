from .anchor_group_rpn_head import AnchorGroupRPNHead
from .hybrid_rpn_head import HybridRPNHead, merge_proposals

__all__ = ['AnchorGroupRPNHead', 'HybridRPNHead', 'merge_proposals']
