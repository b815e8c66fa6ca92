from .candidate_attention_bbox_head import CandidateAttentionBBoxHead
from .candidate_attention_roi_head import CandidateAttentionRoIHead

__all__ = ['CandidateAttentionBBoxHead', 'CandidateAttentionRoIHead']
