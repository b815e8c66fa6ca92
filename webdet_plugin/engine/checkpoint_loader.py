"""Loading of local mmengine checkpoints on torch >= 2.6.

torch 2.6 made ``weights_only=True`` the default of :func:`torch.load`. mmengine 0.10.7 calls
``torch.load(filename, map_location=...)`` for local files, so its own Runner checkpoints (which
carry ``HistoryBuffer`` objects and numpy scalars in ``message_hub``) no longer load, and both
``load_from=...`` and ``--resume`` fail. Importing this module re-registers the loader for local
paths (the ``''`` prefix of :class:`mmengine.runner.CheckpointLoader`) with
``weights_only=False``.

Only do this for files you trust: unpickling can run arbitrary code. Remote schemes
(``http://``, ``s3://``, ...) keep mmengine's own loaders.
"""
import os.path as osp
from typing import Any, Optional, Union

import torch
from mmengine.runner import CheckpointLoader

MapLocation = Optional[Union[str, torch.device]]


@CheckpointLoader.register_scheme(prefixes='', force=True)
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
