"""RPN whose objectness targets are every element of the page, not only the labelled ones."""
from typing import List, Optional, Tuple

import torch
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample, SampleList
from mmdet.structures.bbox import get_box_tensor
from mmengine.structures import InstanceData
from torch import Tensor

from .anchor_group_rpn_head import AnchorGroupRPNHead


def element_targets(sample: DetDataSample) -> DetDataSample:
    """A copy of ``sample`` whose ``gt_instances`` are its labelled boxes ∪ its DOM candidates.

    Args:
        sample (DetDataSample): With ``gt_instances.bboxes`` ``(G, 4)`` and
            ``dom_candidates.bboxes`` ``(M, 4)`` in the same input pixels.

    Returns:
        DetDataSample: Same metainfo; ``gt_instances`` with ``bboxes`` ``(G + M, 4)`` and
        ``labels`` ``(G + M, )`` all 0 (the RPN's one class, as mmdet's two-stage detector sets).

    Raises:
        KeyError: ``sample`` has no ``dom_candidates`` (the training pipeline lacks
            ``LoadDomCandidates(key='dom_candidates')``).
    """
    cand = sample.get('dom_candidates', None)
    if cand is None:
        raise KeyError(f"{sample.metainfo.get('img_path', 'a training sample')}: ElementRPNHead "
                       "needs data_sample.dom_candidates; add LoadDomCandidates("
                       "key='dom_candidates') to the training pipeline")
    gt = get_box_tensor(sample.gt_instances.bboxes)
    boxes = torch.cat([gt, cand.bboxes.to(gt)], 0)
    out = DetDataSample(metainfo=sample.metainfo)
    out.gt_instances = InstanceData(
        bboxes=boxes, labels=torch.zeros(len(boxes), dtype=torch.long, device=boxes.device))
    if 'ignored_instances' in sample:
        out.ignored_instances = sample.ignored_instances
    return out


@MODELS.register_module()
class ElementRPNHead(AnchorGroupRPNHead):
    """:class:`AnchorGroupRPNHead` trained to propose every element of the page.

    mmdet's RPN learns "object vs. background" from the labelled boxes. A product page has
    three labelled elements among some 30-45 visible ones, so that objectness is nearly the
    whole classification task (this price, not the related product's, not the "Our price"
    caption beside it), which a 3x3-conv head on the stride-8 map ranks poorly: in the
    README's diagnosis the labelled price was ranked ~290th among the RPN's proposals. With
    every visible leaf element of the DOM (``data_sample.dom_candidates``) as an RPN target
    too, the RPN proposes what the original TextMaps method took from the DOM, and the RoI
    head -- trained jointly on the same fused map -- decides which element is the price.

    Training only: at test time the head predicts from the features alone (no DOM boxes).
    The candidates travel as ``LoadDomCandidates(key='dom_candidates')`` in the training
    pipeline; mmdet's two-stage detector ignores that field.

    Args:
        **kwargs: As :class:`AnchorGroupRPNHead`.
    """

    def loss(self, x: Tuple[Tensor], batch_data_samples: SampleList) -> dict:
        return super().loss(x, [element_targets(s) for s in batch_data_samples])

    def loss_and_predict(self, x: Tuple[Tensor], batch_data_samples: SampleList,
                         proposal_cfg: Optional[dict] = None
                         ) -> Tuple[dict, List[InstanceData]]:
        return super().loss_and_predict(x, [element_targets(s) for s in batch_data_samples],
                                        proposal_cfg)
