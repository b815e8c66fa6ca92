"""StableInstanceBalancedPosSampler: mmdet's per-instance balance, unique and seeded draws."""
import torch
from mmdet.models.task_modules.assigners import AssignResult
from mmdet.models.task_modules.samplers import InstanceBalancedPosSampler

from webdet_plugin.models import StableInstanceBalancedPosSampler


def assignment(counts, num_negatives=50):
    """Priors assigned to ground truths 1..len(counts) (``counts[i]`` each) and background."""
    gt_inds = torch.cat([torch.full((n, ), i + 1) for i, n in enumerate(counts)] +
                        [torch.zeros(num_negatives, dtype=torch.long)])
    gt_inds = gt_inds[torch.randperm(len(gt_inds), generator=torch.Generator().manual_seed(3))]
    return AssignResult(len(counts), gt_inds, torch.ones(len(gt_inds)),
                        labels=torch.zeros(len(gt_inds), dtype=torch.long))


def draw(sampler_type, result, num_expected, seed=0):
    torch.manual_seed(seed)
    return sampler_type(num=2 * num_expected, pos_fraction=0.5)._sample_pos(result,
                                                                            num_expected)


def test_tops_up_without_repeating_an_anchor():
    # a big image (100 anchors) and a small price (2): 21 + 2 balanced, 17 topped up
    result = assignment([100, 2])
    inds = draw(StableInstanceBalancedPosSampler, result, 40)
    assert len(inds) == 40 and len(inds.unique()) == 40
    assert bool((result.gt_inds[inds] > 0).all())
    assert int((result.gt_inds[inds] == 2).sum()) == 2  # every positive of the small element
    # mmdet 3.3.0's top-up pool is set(tensors) - set(tensors): nothing is removed
    mmdet = draw(InstanceBalancedPosSampler, result, 40)
    assert len(mmdet) == 40 and len(mmdet.unique()) < 40


def test_same_seed_same_draw_other_seed_other_draw():
    result = assignment([60, 30, 5, 1])
    first = draw(StableInstanceBalancedPosSampler, result, 32, seed=7)
    # same values in other tensor objects (mmdet's order followed the objects' addresses)
    again = draw(StableInstanceBalancedPosSampler, assignment([60, 30, 5, 1]), 32, seed=7)
    assert torch.equal(first, again)
    assert not torch.equal(first, draw(StableInstanceBalancedPosSampler, result, 32, seed=8))
    per_gt = torch.bincount(result.gt_inds[first], minlength=5)[1:].tolist()
    assert per_gt[2:] == [5, 1] and sum(per_gt) == 32 and len(first.unique()) == 32


def test_few_positives_all_kept_and_over_budget_cut():
    result = assignment([3, 2])
    assert sorted(draw(StableInstanceBalancedPosSampler, result, 10).tolist()) == sorted(
        torch.nonzero(result.gt_inds > 0).squeeze(1).tolist())
    # 8 instances x (round(4 / 8) + 1 = 1) = 8 > 4 expected: cut to 4 distinct
    many = draw(StableInstanceBalancedPosSampler, assignment([2] * 8), 4)
    assert len(many) == 4 and len(many.unique()) == 4
