"""The config handling shared by tools/train.py and tools/test.py."""
import os.path as osp
from typing import Optional

from mmengine.config import Config

from webdet_plugin.engine import setup_cpu_distributed, trust_local_checkpoints


def load_run_config(config: str, cfg_options: Optional[dict] = None,
                    work_dir: Optional[str] = None, launcher: str = 'none') -> Config:
    """Config file → ``--cfg-options`` → work_dir → launcher (gloo on machines without CUDA).

    Also lets mmengine load this machine's checkpoints on torch >= 2.6 (``load_from``,
    ``--resume``; :func:`~webdet_plugin.engine.trust_local_checkpoints`).

    Args:
        config (str): Config file.
        cfg_options (dict, optional): Overrides from ``--cfg-options``.
        work_dir (str, optional): ``--work-dir``; else the config's, else
            ``work_dirs/<config name>``.
        launcher (str): ``none``, ``pytorch``, ``slurm`` or ``mpi``.

    Returns:
        Config: Ready for :meth:`mmengine.runner.Runner.from_cfg`.
    """
    trust_local_checkpoints()
    cfg = Config.fromfile(config)
    if cfg_options is not None:
        cfg.merge_from_dict(cfg_options)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(config))[0])
    cfg.launcher = launcher
    if launcher == 'pytorch':
        setup_cpu_distributed(cfg)
    return cfg
