from .anchor_group_rpn_head import AnchorGroupRPNHead
from .element_rpn_head import ElementRPNHead, element_targets
from .hybrid_rpn_head import HybridRPNHead, merge_proposals

__all__ = ['AnchorGroupRPNHead', 'ElementRPNHead', 'element_targets', 'HybridRPNHead',
           'merge_proposals']
