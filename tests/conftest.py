import pytest
import torch


@pytest.fixture(autouse=True)
def _seed_and_threads():
    """Deterministic tests on small tensors; two threads like the CI machine."""
    torch.manual_seed(0)
    torch.set_num_threads(2)
    yield


@pytest.fixture(scope='session', autouse=True)
def _mmdet_registry():
    from mmdet.utils import register_all_modules
    register_all_modules(init_default_scope=True)
    import webdet_plugin  # noqa: F401  registers the plugin
    yield


@pytest.fixture(scope='session')
def tiny_dataset(tmp_path_factory):
    """3 shops x 2 synthetic pages, really captured (one split per shop)."""
    import os.path as osp
    if not osp.exists('/usr/bin/chromium'):
        pytest.skip('Debian chromium is not installed (tools/setup_env.sh)')
    from webdet_plugin.synth import generate_dataset
    root = tmp_path_factory.mktemp('tiny_synthetic')
    summary = generate_dataset(str(root), num_shops=3, pages_per_shop=2, seed=1, workers=1,
                               progress=False)
    assert summary['captured'] == 6, summary
    return root
