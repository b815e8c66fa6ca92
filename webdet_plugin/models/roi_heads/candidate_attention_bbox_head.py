"""mmdet's shared-FC box head with the page's candidates attending to each other."""
from typing import Optional, Tuple

from mmdet.models.roi_heads.bbox_heads import Shared2FCBBoxHead
from mmdet.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class CandidateAttentionBBoxHead(Shared2FCBBoxHead):
    """:class:`~mmdet.models.roi_heads.bbox_heads.Shared2FCBBoxHead` whose shared FC vectors
    go through :class:`~webdet_plugin.models.CandidateAttention` before classification and
    regression.

    Each RoI is then classified with what the page's other candidates are and where they sit
    (``rois`` gives the boxes and pages). Called without ``rois`` (by code that only knows
    mmdet's head), it is the plain head.

    Args:
        attention (dict): :class:`CandidateAttention`'s arguments (``embed_dims`` defaults to
            ``fc_out_channels``). Defaults to ``dict(type='CandidateAttention')``.
        **kwargs: :class:`Shared2FCBBoxHead`'s arguments.
    """

    def __init__(self, attention: dict = dict(type='CandidateAttention'), **kwargs) -> None:
        super().__init__(**kwargs)
        attention = dict(attention)
        attention.setdefault('embed_dims', self.fc_out_channels)
        self.attention = MODELS.build(attention)

    def forward(self, x: Tensor, rois: Optional[Tensor] = None,
                context: Optional[Tensor] = None,
                context_rois: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
        """Classify and regress every RoI.

        Args:
            x (Tensor): ``(N, C, 7, 7)`` RoI features.
            rois (Tensor, optional): ``(N, 5)`` ``(batch_index, x1, y1, x2, y2)``.
            context (Tensor, optional): ``(M, C, 7, 7)`` features of the candidates the RoIs
                attend to (see :meth:`CandidateAttention.forward`); the RoIs themselves if not
                given.
            context_rois (Tensor, optional): ``(M, 5)`` their RoIs.

        Returns:
            tuple[Tensor, Tensor]: ``cls_score`` ``(N, num_classes + 1)`` and ``bbox_pred``
            ``(N, 4 * num_classes)`` (or ``(N, 4)`` class-agnostic).
        """
        x = self._shared(x)
        if rois is not None:
            x = self.attention(x, rois, None if context is None else self._shared(context),
                               context_rois)
        cls_score = self.fc_cls(x) if self.with_cls else None
        bbox_pred = self.fc_reg(x) if self.with_reg else None
        return cls_score, bbox_pred

    def _shared(self, x: Tensor) -> Tensor:
        x = x.flatten(1)
        for fc in self.shared_fcs:
            x = self.relu(fc(x))
        return x
