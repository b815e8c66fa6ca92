import math

import mmcv.ops
import numpy as np
import pytest
import torch

from webdet_plugin.models.layers import PortableRoIPool, roi_pool_by_bins


def brute_force_roi_pool(feats: np.ndarray, rois: np.ndarray, out_h: int, out_w: int,
                         scale: float):
    """Straight loops over mmcv's CUDA kernel rules (float32), independent of the module.

    Returns the pooled output and, for each output element, the flat index of the cell whose
    value it took (-1 when nothing was pooled), from which the gradient follows.
    """
    f32 = np.float32
    _, channels, height, width = feats.shape
    out = np.zeros((len(rois), channels, out_h, out_w), np.float32)
    argmax = -np.ones(out.shape, np.int64)
    for n, roi in enumerate(rois.astype(np.float32)):
        b = int(roi[0])
        x1, y1 = f32(roi[1] * f32(scale)), f32(roi[2] * f32(scale))
        x2, y2 = f32((roi[3] + f32(1)) * f32(scale)), f32((roi[4] + f32(1)) * f32(scale))
        rw, rh = f32(x2 - x1), f32(y2 - y1)
        if rw <= 0 or rh <= 0:
            continue
        bw, bh = f32(rw / f32(out_w)), f32(rh / f32(out_h))
        for c in range(channels):
            for ph in range(out_h):
                for pw in range(out_w):
                    xa = min(max(math.floor(f32(f32(pw) * bw) + x1), 0), width)
                    xb = min(max(math.ceil(f32(f32(pw + 1) * bw) + x1), 0), width)
                    ya = min(max(math.floor(f32(f32(ph) * bh) + y1), 0), height)
                    yb = min(max(math.ceil(f32(f32(ph + 1) * bh) + y1), 0), height)
                    if xb <= xa or yb <= ya:
                        continue
                    best, best_idx = -np.inf, -1
                    for y in range(ya, yb):
                        for x in range(xa, xb):
                            if feats[b, c, y, x] > best:
                                best, best_idx = feats[b, c, y, x], y * width + x
                    out[n, c, ph, pw] = best
                    argmax[n, c, ph, pw] = best_idx
    return out, argmax


def reference_grad(feats_shape, rois, argmax, grad_out):
    grad = np.zeros(feats_shape, np.float32)
    _, _, _, width = feats_shape
    for idx in np.ndindex(*argmax.shape):
        a = argmax[idx]
        if a >= 0:
            n, c = idx[0], idx[1]
            grad[int(rois[n, 0]), c, a // width, a % width] += grad_out[idx]
    return grad


def make_rois(num: int, img_w: float, img_h: float, batch: int, rng: np.random.Generator):
    x1 = rng.uniform(-20, img_w, num)
    y1 = rng.uniform(-20, img_h, num)
    w = rng.uniform(0, img_w / 2, num)
    h = rng.uniform(0, img_h / 2, num)
    b = rng.integers(0, batch, num)
    return np.stack([b, x1, y1, x1 + w, y1 + h], 1).astype(np.float32)


DEGENERATE = np.array([
    [0, 10, 10, 10, 10],  # zero-size box: one cell at stride 1, a fraction of one at stride 8
    [0, 30, 30, 20, 20],  # inverted box: mmcv pools nothing (output 0, no gradient)
    [0, 30, 30, 28.5, 31],  # inverted by less than one pixel: still a valid roi
    [1, 500, 500, 600, 600],  # entirely off the page (right/bottom)
    [1, -90, -90, -50, -40],  # entirely off the page (left/top)
    [1, -16, -16, 40, 40],  # partly off the page
    [0, 0, 0, 95, 79],  # the whole page
    [1, 7.99, 0.01, 8.01, 63.99],  # sub-cell box on a cell boundary
], np.float32)


@pytest.mark.parametrize('scale,out_size', [(1.0, (2, 3)), (1 / 8, (7, 7)), (1 / 4, (3, 2))])
def test_cpu_matches_brute_force(scale, out_size):
    rng = np.random.default_rng(int(1 / scale) + out_size[0])
    height, width = int(80 * scale) or 1, int(96 * scale) or 1
    height, width = max(height, 3), max(width, 3)
    feats_np = rng.standard_normal((2, 3, height, width)).astype(np.float32)
    rois_np = np.concatenate([make_rois(20, width / scale, height / scale, 2, rng), DEGENERATE])
    feats = torch.from_numpy(feats_np).requires_grad_(True)
    rois = torch.from_numpy(rois_np)

    out = PortableRoIPool(out_size, spatial_scale=scale)(feats, rois)
    grad_out = torch.from_numpy(rng.standard_normal(tuple(out.shape)).astype(np.float32))
    out.backward(grad_out)

    ref, argmax = brute_force_roi_pool(feats_np, rois_np, *out_size, scale)
    np.testing.assert_array_equal(out.detach().numpy(), ref)
    ref_grad = reference_grad(feats_np.shape, rois_np, argmax, grad_out.numpy())
    np.testing.assert_allclose(feats.grad.numpy(), ref_grad, rtol=1e-6, atol=1e-6)
    # the degenerate rows really exercise the empty / clipped paths
    assert (argmax[len(rois_np) - len(DEGENERATE) + 1] == -1).all()
    assert (argmax[len(rois_np) - len(DEGENERATE) + 3] == -1).all()


def test_semantics_differ_from_raw_torchvision():
    """Why the module exists: torchvision's raw roi_pool pools other cells for the same box."""
    from torchvision.ops import roi_pool as tv_roi_pool
    feats = torch.arange(64.).view(1, 1, 8, 8)
    rois = torch.tensor([[0., 0., 0., 13., 13.]])  # 14 px box at stride 8
    ours = roi_pool_by_bins(feats, rois, 1, 1 / 8)
    ref, _ = brute_force_roi_pool(feats.numpy(), rois.numpy(), 1, 1, 1 / 8)
    assert ours.item() == ref.item() == 9.0  # mmcv: cells [0, 2) x [0, 2)
    assert tv_roi_pool(feats, rois, 1, 1 / 8).item() == 18.0  # torchvision: [0, 3) x [0, 3)


def test_empty_rois_and_registry_lookup():
    feats = torch.randn(1, 4, 5, 5)
    out = PortableRoIPool(7, 0.5)(feats, torch.zeros((0, 5)))
    assert out.shape == (0, 4, 7, 7)
    # mmdet's SingleRoIExtractor finds it by string
    assert mmcv.ops.PortableRoIPool is PortableRoIPool
    from mmdet.registry import MODELS
    extractor = MODELS.build(
        dict(type='SingleRoIExtractor', roi_layer=dict(type='PortableRoIPool', output_size=7),
             out_channels=4, featmap_strides=[8]))
    rois = torch.tensor([[0., 0., 0., 30., 30.]])
    assert extractor((torch.randn(1, 4, 5, 5), ), rois).shape == (1, 4, 7, 7)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a CUDA device (mmcv RoIPool '
                    'has a CUDA kernel only)')
def test_cuda_mmcv_matches_torchvision_path():
    rng = np.random.default_rng(3)
    feats = torch.from_numpy(rng.standard_normal((2, 8, 40, 48)).astype(np.float32)).cuda()
    rois = torch.from_numpy(np.concatenate([make_rois(200, 384, 320, 2, rng),
                                            DEGENERATE])).cuda()
    f1 = feats.clone().requires_grad_(True)
    f2 = feats.clone().requires_grad_(True)
    out_mmcv = PortableRoIPool(7, 1 / 8)(f1, rois)
    out_tv = PortableRoIPool(7, 1 / 8, use_mmcv_cuda=False)(f2, rois)
    torch.testing.assert_close(out_mmcv, out_tv, rtol=0, atol=0)
    grad = torch.randn_like(out_mmcv)
    out_mmcv.backward(grad)
    out_tv.backward(grad)
    torch.testing.assert_close(f1.grad, f2.grad, rtol=1e-5, atol=1e-5)
    out_cpu = PortableRoIPool(7, 1 / 8)(feats.cpu(), rois.cpu())
    torch.testing.assert_close(out_mmcv.cpu(), out_cpu, rtol=0, atol=0)


@pytest.mark.parametrize('threads', [1, 2, 3])
def test_bins_split_over_threads_give_the_same_values_and_gradients(threads, monkeypatch):
    """Enough bins to be pooled in chunks on several threads (CPU): the same output as one
    torchvision call, and gradients equal up to float summation order, also under no_grad."""
    from webdet_plugin.models.layers import portable_roi_pool
    rng = np.random.default_rng(3)
    feats = torch.from_numpy(rng.standard_normal((2, 5, 24, 40)).astype(np.float32))
    rois = torch.from_numpy(make_rois(200, 320, 192, 2, rng))  # 200 * 49 bins
    grad_out = torch.from_numpy(rng.standard_normal((200, 5, 7, 7)).astype(np.float32))
    results = {}
    for min_bins in (10 ** 9, 1):  # one call, then chunks
        monkeypatch.setattr(portable_roi_pool, 'PARALLEL_MIN_BINS', min_bins)
        monkeypatch.setattr(torch, 'get_num_threads', lambda: threads)
        x = feats.clone().requires_grad_(True)
        out = roi_pool_by_bins(x, rois, 7, 1 / 8)
        out.backward(grad_out)
        with torch.no_grad():
            assert not roi_pool_by_bins(x, rois, 7, 1 / 8).requires_grad
        results[min_bins] = (out.detach(), x.grad)
    (ref, ref_grad), (got, got_grad) = results.values()
    assert torch.equal(ref, got)
    torch.testing.assert_close(got_grad, ref_grad, rtol=1e-5, atol=1e-5)
    assert ref_grad.abs().sum() > 0
