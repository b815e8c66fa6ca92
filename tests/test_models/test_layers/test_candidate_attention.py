"""CandidateAttention: identity at the start, pages apart, order-free, geometry-aware."""
import pytest
import torch

from webdet_plugin.models import CandidateAttention
from webdet_plugin.models.layers import pair_features


def rois_for(boxes, page=0):
    return torch.cat([torch.full((len(boxes), 1), float(page)), boxes], 1)


def random_boxes(n, seed=0):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * 400
    return torch.cat([xy, xy + torch.rand(n, 2, generator=g) * 80 + 4], 1)


@pytest.fixture
def trained_like():
    """A layer whose weights are random (as after training), outputs no longer zero."""
    torch.manual_seed(0)
    layer = CandidateAttention(32, num_heads=4, num_layers=2)
    for p in layer.parameters():
        torch.nn.init.normal_(p, std=0.2)
    return layer


def test_untrained_layer_passes_its_input_through():
    layer = CandidateAttention(32, num_heads=4, init_cfg=dict(type='Normal', layer='Linear'))
    layer.init_weights()  # an init_cfg does not undo the zero output projections
    x = torch.randn(10, 32)
    assert torch.equal(layer(x, rois_for(random_boxes(10))), x)


def test_pages_do_not_see_each_other(trained_like):
    x = torch.randn(12, 32)
    rois = torch.cat([rois_for(random_boxes(5, 1), 0), rois_for(random_boxes(7, 2), 1)])
    out = trained_like(x, rois)
    changed = x.clone()
    changed[8] = torch.randn(32)  # a candidate of page 1
    again = trained_like(changed, rois)
    torch.testing.assert_close(again[:5], out[:5])
    assert not torch.allclose(again[5:8], out[5:8])  # its own page's other candidates move
    alone = trained_like(x[:5], rois[:5])
    torch.testing.assert_close(alone, out[:5])


def test_order_of_candidates_does_not_matter(trained_like):
    x, rois = torch.randn(9, 32), rois_for(random_boxes(9))
    perm = torch.randperm(9)
    torch.testing.assert_close(trained_like(x[perm], rois[perm]), trained_like(x, rois)[perm])


def test_where_the_others_are_changes_a_candidate(trained_like):
    """Same features, one other box moved: the first candidate's output changes."""
    x, boxes = torch.randn(6, 32), random_boxes(6)
    out = trained_like(x, rois_for(boxes))
    moved = boxes.clone()
    moved[3] += torch.tensor([0., 200., 0., 200.])
    assert not torch.allclose(trained_like(x, rois_for(moved))[0], out[0])


def test_context_of_the_same_candidates_is_self_attention(trained_like):
    x = torch.randn(12, 32)
    rois = torch.cat([rois_for(random_boxes(5, 1), 0), rois_for(random_boxes(7, 2), 1)])
    torch.testing.assert_close(trained_like(x, rois, x.clone(), rois.clone()),
                               trained_like(x, rois))


def test_queries_attend_to_the_context_not_to_each_other(trained_like):
    """A query (say, a ground-truth box added in training) leaves the others' outputs alone;
    a query with a context candidate's box and features gets that candidate's output."""
    context, ctx_rois = torch.randn(8, 32), rois_for(random_boxes(8, 3))
    queries = torch.cat([context[[2, 5]], torch.randn(1, 32)])
    q_rois = torch.cat([ctx_rois[[2, 5]], rois_for(random_boxes(1, 4))])
    out = trained_like(queries, q_rois, context, ctx_rois)
    torch.testing.assert_close(out[:2], trained_like(context, ctx_rois)[[2, 5]])
    torch.testing.assert_close(trained_like(queries[:2], q_rois[:2], context, ctx_rois),
                               out[:2])
    moved = ctx_rois.clone()
    moved[0, 1:] += 150.
    assert not torch.allclose(trained_like(queries, q_rois, context, moved), out)


def test_pair_features_are_relative_and_signed():
    boxes = torch.tensor([[0., 0., 100., 20.], [0., 64., 100., 84.], [50., 0., 250., 40.]])
    f = pair_features(boxes, position_scale=32.)
    assert f.shape == (3, 3, 6)
    assert torch.all(f[torch.arange(3), torch.arange(3)] == 0)  # a box against itself
    assert f[0, 1, 1] == pytest.approx(torch.log1p(torch.tensor(2.)).item())  # 64 px below
    assert f[1, 0, 1] == pytest.approx(-f[0, 1, 1].item())  # and above, seen from there
    assert f[0, 1, 3] == pytest.approx(torch.log1p(torch.tensor(64 / 20)).item())
    assert f[0, 2, 4] == pytest.approx(torch.log(torch.tensor(2.)).item())  # twice as wide
    shifted = pair_features(boxes + 37., position_scale=32.)
    torch.testing.assert_close(shifted, f)


def test_bad_arguments():
    with pytest.raises(ValueError, match='multiple of num_heads'):
        CandidateAttention(30, num_heads=4)
    with pytest.raises(ValueError, match='3 candidate vectors for 2 RoIs'):
        CandidateAttention(8, num_heads=2)(torch.zeros(3, 8), rois_for(random_boxes(2)))
    layer, rois = CandidateAttention(8, num_heads=2), rois_for(random_boxes(2))
    with pytest.raises(ValueError, match='needs context_rois'):
        layer(torch.zeros(2, 8), rois, torch.zeros(2, 8))
    with pytest.raises(ValueError, match='page 0 has RoIs but no context'):
        layer(torch.zeros(2, 8), rois, torch.zeros(2, 8), rois_for(random_boxes(2), page=1))
