"""BF16OptimWrapper: bfloat16 forward of the chosen methods, float32 everywhere else."""
import pytest
import torch
from mmengine.optim import OptimWrapper
from torch import nn

import webdet_plugin.engine.bf16_optim_wrapper as bf16_module
from webdet_plugin.engine import BF16OptimWrapper


class TinyDetector(nn.Module):
    """Stands in for a detector: ``extract_feat`` (conv) then a float32-only 'head'."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.head = nn.Linear(8, 1)
        self.seen = {}

    def extract_feat(self, x):
        self.seen['autocast'] = torch.is_autocast_enabled('cpu')
        y = self.conv(x)
        self.seen['conv_dtype'] = y.dtype
        return (y, )

    def forward(self, x):
        feat = self.extract_feat(x)[0]
        self.seen['feat_dtype'] = feat.dtype
        self.seen['head_autocast'] = torch.is_autocast_enabled('cpu')
        return self.head(feat.mean((2, 3))).pow(2).mean()


def step(model, wrapper, x):
    with wrapper.optim_context(model):
        loss = model(x)
    wrapper.update_params(loss)
    return loss


def test_extract_feat_in_bf16_head_in_float32():
    model = TinyDetector()
    wrapper = BF16OptimWrapper(enabled=True,
                               optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
    before = model.conv.weight.detach().clone()
    loss = step(model, wrapper, torch.randn(2, 3, 16, 16))
    assert model.seen == dict(autocast=True, conv_dtype=torch.bfloat16,
                              feat_dtype=torch.float32, head_autocast=False)
    assert loss.dtype == torch.float32
    assert not torch.equal(model.conv.weight, before)  # the bf16 part trains
    assert model.conv.weight.dtype == torch.float32 and model.conv.weight.grad is None
    assert 'extract_feat' not in vars(model)  # the method is the class's again afterwards
    model(torch.randn(1, 3, 16, 16))
    assert model.seen['conv_dtype'] == torch.float32


def test_an_instance_method_already_patched_comes_back():
    model = TinyDetector()
    calls = []

    def own(x):
        calls.append(1)
        return TinyDetector.extract_feat(model, x)

    model.extract_feat = own
    wrapper = BF16OptimWrapper(enabled=True,
                               optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
    step(model, wrapper, torch.randn(1, 3, 16, 16))
    assert calls == [1] and model.seen['conv_dtype'] == torch.bfloat16
    assert model.extract_feat is own


def test_disabled_is_plain_float32_training():
    x = torch.randn(2, 3, 16, 16)
    torch.manual_seed(0)
    a = TinyDetector()
    torch.manual_seed(0)
    b = TinyDetector()
    step(a, BF16OptimWrapper(enabled=False, optimizer=torch.optim.SGD(a.parameters(), lr=0.1)),
         x)
    step(b, OptimWrapper(optimizer=torch.optim.SGD(b.parameters(), lr=0.1)), x)
    assert a.seen['conv_dtype'] == torch.float32
    for p, q in zip(a.parameters(), b.parameters()):
        assert torch.equal(p, q)


def test_close_to_float32_gradients():
    x = torch.randn(2, 3, 16, 16)
    grads = {}
    for enabled in (True, False):
        torch.manual_seed(0)
        model = TinyDetector()
        wrapper = BF16OptimWrapper(enabled=enabled,
                                   optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
        with wrapper.optim_context(model):
            model(x).backward()
        grads[enabled] = model.conv.weight.grad.clone()
    assert not torch.equal(grads[True], grads[False])
    torch.testing.assert_close(grads[True], grads[False], rtol=0.05, atol=1e-3)


def test_unknown_method_is_named():
    model = TinyDetector()
    wrapper = BF16OptimWrapper(autocast=('extract_feats', ), enabled=True,
                               optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
    with pytest.raises(AttributeError, match='extract_feats'):
        with wrapper.optim_context(model):
            pass
    with pytest.raises(TypeError):
        BF16OptimWrapper(autocast='extract_feat',
                         optimizer=torch.optim.SGD(model.parameters(), lr=0.1))


@pytest.mark.parametrize('native', [True, False])
def test_auto_uses_bf16_only_where_the_cpu_has_it(monkeypatch, native):
    monkeypatch.setattr(bf16_module, 'cpu_has_native_bf16', lambda: native)
    model = TinyDetector()
    wrapper = BF16OptimWrapper(optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
    assert wrapper.enabled == 'auto'
    step(model, wrapper, torch.randn(1, 3, 16, 16))
    assert model.seen['conv_dtype'] == (torch.bfloat16 if native else torch.float32)
    with pytest.raises(ValueError, match='enabled'):
        BF16OptimWrapper(enabled='yes', optimizer=torch.optim.SGD(model.parameters(), lr=0.1))


def test_native_bf16_is_read_from_the_cpu_flags(tmp_path):
    amd = tmp_path / 'amd'
    amd.write_text('flags\t\t: fpu sse2 avx2 fma\n')
    intel = tmp_path / 'intel'
    intel.write_text('flags\t\t: fpu sse2 avx2 avx512f avx512_bf16 amx_bf16 amx_tile\n')
    assert not bf16_module.cpu_has_native_bf16(str(amd))
    assert bf16_module.cpu_has_native_bf16(str(intel))
