"""Helpers of the tools that drive several runs (not a command; the library does not use them).

``tools/compare_schemes.py`` and ``tools/train_alternating.py`` set schedules with
:func:`schedule_options` and read results with :func:`latest_test_metrics` (as
``tools/results_row.py`` does); ``tools/train_alternating.py`` assembles checkpoints with
:func:`merge_checkpoints`. A tool run as ``python tools/<tool>.py`` has ``tools/`` on
``sys.path`` and imports them with ``from runs import ...``.
"""
import glob
import json
import os
import os.path as osp
import tempfile
from typing import Dict, List, Tuple, Union

import torch

from webdet_plugin.engine import load_trusted_local_checkpoint


def schedule_options(iters: int) -> List[str]:
    """``--cfg-options`` that set an iteration-based config's schedule to ``iters`` iterations.

    The learning-rate steps of the ``MultiStepLR`` (the second of ``param_scheduler``) move to
    75 % and 90 % of the run, as in the CPU configs; one checkpoint and one validation at the end.

    Args:
        iters (int): Iterations of the run.

    Returns:
        list[str]: ``key=value`` strings for ``tools/train.py --cfg-options``.
    """
    return [f'train_cfg.max_iters={iters}', f'train_cfg.val_interval={iters}',
            f'default_hooks.checkpoint.interval={iters}', f'param_scheduler.1.end={iters}',
            f'param_scheduler.1.milestones=[{int(iters * 0.75)},{int(iters * 0.9)}]']


def latest_test_metrics(work_dir: str) -> dict:
    """Metrics of the newest ``tools/test.py`` run (``work_dir/<stamp>/<stamp>.json``).

    Args:
        work_dir (str): The ``--work-dir`` of ``tools/test.py``.

    Returns:
        dict: The metrics mmengine wrote.

    Raises:
        FileNotFoundError: No metrics file in ``work_dir``.
    """
    files = sorted(f for f in glob.glob(osp.join(work_dir, '*', '*.json'))
                   if osp.basename(f)[:-5] == osp.basename(osp.dirname(f)))
    if not files:
        raise FileNotFoundError(f'{work_dir}: no metrics json from tools/test.py')
    with open(files[-1], encoding='utf-8') as f:
        return json.load(f)


def merge_checkpoints(parts: Dict[str, Union[str, Tuple[str, str]]],
                      out_file: str) -> Dict[str, int]:
    """Write ``out_file`` whose ``state_dict`` takes each prefix from one checkpoint.

    Args:
        parts (dict): ``{prefix: path}`` or ``{prefix: (path, source_prefix)}`` to rename, e.g.
            ``{'backbone.': 'step2.pth', 'rpn_head.': ('step1.pth', 'bbox_head.')}`` (mmdet's
            ``RPN`` detector keeps its head as ``bbox_head``).
        out_file (str): Written atomically (temporary file + rename).

    Returns:
        dict[str, int]: Number of tensors taken per prefix.

    Raises:
        KeyError: A checkpoint holds no tensor under its prefix.
    """
    merged, counts, cache = {}, {}, {}
    for prefix, source in parts.items():
        path, src = (source, prefix) if isinstance(source, str) else source
        if path not in cache:
            ckpt = load_trusted_local_checkpoint(path, map_location='cpu')
            cache[path] = ckpt.get('state_dict', ckpt)
        taken = {prefix + k[len(src):]: v for k, v in cache[path].items() if k.startswith(src)}
        if not taken:
            raise KeyError(f'{path}: no weights under {src!r}')
        merged.update(taken)
        counts[prefix] = len(taken)
    folder = osp.dirname(osp.abspath(out_file))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix='.pth', dir=folder)
    os.close(fd)
    meta = dict(merged_from={k: str(v) for k, v in parts.items()})
    torch.save(dict(state_dict=merged, meta=meta), tmp)
    os.replace(tmp, out_file)
    return counts
