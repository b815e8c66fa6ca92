from .hybrid_rpn_head import HybridRPNHead, merge_proposals

__all__ = ['HybridRPNHead', 'merge_proposals']
