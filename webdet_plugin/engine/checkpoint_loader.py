"""Loading of local mmengine checkpoints on torch >= 2.6.

torch 2.6 made ``weights_only=True`` the default of :func:`torch.load`. mmengine 0.10.7 calls
``torch.load(filename, map_location=...)`` for local files, so its own Runner checkpoints (which
carry ``HistoryBuffer`` objects and numpy scalars in ``message_hub``) no longer load, and both
``load_from=...`` and ``--resume`` fail. :func:`trust_local_checkpoints` re-registers the loader
for local paths (the ``''`` prefix of :class:`mmengine.runner.CheckpointLoader`) with
``weights_only=False``; the tools that load checkpoints (``tools/train.py``, ``tools/test.py``)
call it, importing the package changes nothing. :func:`~webdet_plugin.apis.init_web_detector`
reads its checkpoint with :func:`load_trusted_local_checkpoint` directly.

Only do this for files you trust: unpickling can run arbitrary code. Remote schemes
(``http://``, ``s3://``, ...) keep mmengine's own loaders.
"""
import os.path as osp
from typing import Any, Optional, Union

import torch
from mmengine.runner import CheckpointLoader

MapLocation = Optional[Union[str, torch.device]]


def load_trusted_local_checkpoint(filename: str, map_location: MapLocation = None) -> Any:
    """Load a local checkpoint written by mmengine (or plain torch), trusting its pickles.

    Args:
        filename (str): Path of the checkpoint file; ``~`` is expanded.
        map_location (str | torch.device, optional): Same as :func:`torch.load`.

    Returns:
        Any: What was saved, usually a dict with ``state_dict``, ``meta``, ``optimizer`` and
        ``message_hub``.

    Raises:
        FileNotFoundError: If ``filename`` is not a file.
        RuntimeError: If the file is not a readable torch checkpoint (the message names it).
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    try:
        return torch.load(filename, map_location=map_location, weights_only=False)
    except Exception as exc:  # torch raises several types for truncated/corrupt files
        raise RuntimeError(f'{filename}: not a readable checkpoint ({exc})') from exc


def trust_local_checkpoints() -> None:
    """Make mmengine load local checkpoints with :func:`load_trusted_local_checkpoint`.

    For the Runner's ``load_from`` / ``resume`` and :func:`mmengine.runner.load_checkpoint` of
    local files in this process (idempotent). Remote schemes keep mmengine's loaders.
    """
    CheckpointLoader.register_scheme(prefixes='', loader=load_trusted_local_checkpoint,
                                     force=True)
