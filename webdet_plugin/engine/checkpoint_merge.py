"""Assemble a checkpoint from parts of others (4-step alternating training)."""
import os
import os.path as osp
import tempfile
from typing import Dict, Tuple, Union

import torch
from mmengine.runner.checkpoint import _load_checkpoint


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
            ckpt = _load_checkpoint(path, map_location='cpu')
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
