"""Distributed training without GPUs (gloo), for CPU machines and CI.

mmengine's ``init_dist(launcher='pytorch')`` calls ``torch.cuda.set_device`` unconditionally and
its DDP wrapper passes ``device_ids=[LOCAL_RANK]``, both of which fail on a machine without CUDA.
:func:`setup_cpu_distributed` is called by ``tools/train.py``/``test.py`` for ``--launcher
pytorch``; when CUDA is available it does nothing.
"""
import atexit
import os
from datetime import timedelta

import torch
import torch.distributed as torch_dist
from mmengine.config import Config


def setup_cpu_distributed(cfg: Config) -> bool:
    """On a machine without CUDA: start the gloo process group and make DDP CPU-friendly.

    Must run before :meth:`mmengine.runner.Runner.from_cfg`; the Runner then finds the group
    initialised and skips its own (CUDA-only) initialisation.

    Args:
        cfg (Config): The run's config; ``env_cfg.dist_cfg.backend`` becomes ``'gloo'`` and
            ``model_wrapper_cfg`` gets ``device_ids=None``.

    Returns:
        bool: True when the CPU setup was applied.
    """
    if torch.cuda.is_available():
        return False
    cfg.env_cfg.setdefault('dist_cfg', {})['backend'] = 'gloo'
    wrapper = dict(type='MMDistributedDataParallel')
    wrapper.update(cfg.get('model_wrapper_cfg') or {})
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    if not torch_dist.is_initialized():
        torch_dist.init_process_group(backend='gloo', rank=int(os.environ['RANK']),
                                      world_size=int(os.environ['WORLD_SIZE']))
        # a gloo group left to interpreter teardown can abort the process ("terminate called
        # without an active exception") after the work is done: close it explicitly
        atexit.register(_destroy_process_group)
    return True


def _destroy_process_group() -> None:
    """Wait for every rank, then close the group.

    Without the barrier a rank that finishes first can tear its connections down while another
    still uses them, and gloo's background thread aborts that one (seen once in CI after val).
    """
    if torch_dist.is_initialized():
        try:
            torch_dist.monitored_barrier(timeout=timedelta(seconds=120))
        except RuntimeError:  # a rank died or timed out: close ours anyway
            pass
        torch_dist.destroy_process_group()
