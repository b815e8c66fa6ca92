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
