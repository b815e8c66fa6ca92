"""mmdet's instance-balanced positive sampler with a seeded, duplicate-free top-up."""
import torch
from mmdet.models.task_modules.assigners import AssignResult
from mmdet.models.task_modules.samplers import InstanceBalancedPosSampler
from mmdet.registry import TASK_UTILS
from torch import Tensor


@TASK_UTILS.register_module()
class StableInstanceBalancedPosSampler(InstanceBalancedPosSampler):
    """:class:`~mmdet.models.task_modules.InstanceBalancedPosSampler`, repeatable under a seed.

    Like mmdet's, it samples up to ``round(num_expected / n_gt) + 1`` positives per ground-truth
    box, then tops up with other positives when that falls short. mmdet 3.3.0 forms the top-up
    pool as ``set(pos_inds) - set(sampled_inds)`` over 0-d tensors: a tensor hashes by its
    ``id``, so the difference removes nothing (already sampled anchors can be drawn again) and
    the pool's order follows memory addresses, which differ between runs. With the same seed
    two trainings then drew different RPN positives from the first page with more positives
    than ``num_expected`` on, and drifted apart (``docs/experiments.md``, "Seeded runs").
    Here the pool is the positives not yet sampled, in index order, so a seed fixes the draw.

    Args:
        num (int): Number of samples.
        pos_fraction (float): Fraction of positive samples.
        **kwargs: As :class:`~mmdet.models.task_modules.RandomSampler`.
    """

    def _sample_pos(self, assign_result: AssignResult, num_expected: int, **kwargs) -> Tensor:
        """Indices of the sampled positive priors.

        Args:
            assign_result (AssignResult): Assignment of the priors; ``gt_inds`` ``(n, )``.
            num_expected (int): Number of positives wanted.

        Returns:
            Tensor: ``(k, )`` long indices into the priors, ``k <= num_expected``, unique.
        """
        gt_inds = assign_result.gt_inds
        pos_inds = torch.nonzero(gt_inds > 0, as_tuple=False).squeeze(1)
        if pos_inds.numel() <= num_expected:
            return pos_inds
        owners = gt_inds[pos_inds].unique()
        num_per_gt = int(round(num_expected / float(len(owners))) + 1)
        sampled = []
        for owner in owners:
            inds = pos_inds[gt_inds[pos_inds] == owner]
            if len(inds) > num_per_gt:
                inds = self.random_choice(inds, num_per_gt)
            sampled.append(inds)
        sampled_inds = torch.cat(sampled)
        if len(sampled_inds) < num_expected:
            rest = pos_inds[~torch.isin(pos_inds, sampled_inds)]
            num_extra = num_expected - len(sampled_inds)
            if len(rest) > num_extra:
                rest = self.random_choice(rest, num_extra)
            sampled_inds = torch.cat([sampled_inds, rest])
        elif len(sampled_inds) > num_expected:
            sampled_inds = self.random_choice(sampled_inds, num_expected)
        return sampled_inds
