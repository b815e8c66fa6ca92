from .candidate_attention_bbox_head import CandidateAttentionBBoxHead
from .candidate_attention_roi_head import CandidateAttentionRoIHead
from .class_masked_roi_head import ClassMaskedRoIHead

__all__ = ['CandidateAttentionBBoxHead', 'CandidateAttentionRoIHead', 'ClassMaskedRoIHead']
