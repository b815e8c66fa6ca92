"""Building a trained detector for inference: mmdet's ``init_detector`` plus webdet's metainfo.

mmdet's :func:`~mmdet.apis.init_detector` reads ``meta['dataset_meta']`` of a checkpoint as one
dict. Checkpoints of models trained on a mixture before :class:`WebConcatDataset` existed carry a
list there (one metainfo per dataset of mmdet's ``ConcatDataset``), and a model built without a
checkpoint gets COCO's 80 classes. :func:`init_web_detector` takes both: a list is merged by
:func:`~webdet_plugin.datasets.agreed_metainfo` (its classes must agree), and a model without a
checkpoint gets the classes of its config's test dataset.
"""
import copy
import os.path as osp
import warnings
from typing import Optional, Union

import torch.nn as nn
from mmdet.apis import init_detector
from mmdet.registry import DATASETS
from mmengine.config import Config
from mmengine.runner.checkpoint import _load_checkpoint_to_model

from ..datasets import agreed_metainfo
from ..engine import check_checkpoint_fits, load_trusted_local_checkpoint


def checkpoint_dataset_meta(dataset_meta: Union[dict, list, tuple], source: str) -> dict:
    """The one metainfo dict of a checkpoint's ``meta['dataset_meta']`` (keys lower-cased).

    Args:
        dataset_meta (dict | list | tuple): A dict, or one dict per dataset of a mixture.
        source (str): The checkpoint file, for error messages.

    Returns:
        dict: The metainfo; from a list, the keys its entries agree on.

    Raises:
        ValueError: If the list's entries disagree on ``classes`` or ``palette``, or
            ``dataset_meta`` is neither a dict nor a list of dicts.
    """
    if isinstance(dataset_meta, (list, tuple)):
        if not all(isinstance(m, dict) for m in dataset_meta):
            raise ValueError(f'{source}: meta.dataset_meta is a list of '
                             f'{[type(m).__name__ for m in dataset_meta]}, not of dicts')
        dataset_meta = agreed_metainfo(dataset_meta, source=f'{source}: the training datasets')
    if not isinstance(dataset_meta, dict):
        raise ValueError(f'{source}: meta.dataset_meta is a {type(dataset_meta).__name__}, '
                         'not a dict')
    return {k.lower(): v for k, v in dataset_meta.items()}


def config_dataset_meta(cfg: Config) -> dict:
    """The metainfo of ``cfg``'s test dataset (built lazily: no annotation file is read)."""
    dataset_cfg = copy.deepcopy(cfg.test_dataloader.dataset)
    dataset_cfg['lazy_init'] = True
    return dict(DATASETS.build(dataset_cfg).metainfo)


def init_web_detector(config: Union[str, Config], checkpoint: Optional[str],
                      device: str = 'cpu', cfg_options: Optional[dict] = None) -> nn.Module:
    """Build a detector from a config, load its weights and set its ``dataset_meta``.

    Args:
        config (str | Config): Config file or object.
        checkpoint (str, optional): Weights; None leaves the model's initial weights (timing,
            tests) and takes the classes from the config's test dataset.
        device (str): ``'cpu'`` or ``'cuda:0'``.
        cfg_options (dict, optional): Config overrides.

    Returns:
        nn.Module: The detector in eval mode with ``cfg`` and ``dataset_meta`` (``classes``,
        ``palette``) set.

    Raises:
        FileNotFoundError: If ``checkpoint`` is not a file.
        ValueError: If the checkpoint's training datasets disagree on their classes.
    """
    cfg = Config.fromfile(config) if isinstance(config, str) else copy.deepcopy(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if checkpoint is not None and not osp.isfile(checkpoint):
        raise FileNotFoundError(f'{checkpoint}: no such checkpoint file')
    with warnings.catch_warnings(record=True):  # "checkpoint is None, use COCO classes"
        model = init_detector(cfg, None, device=device)
    config_meta = config_dataset_meta(model.cfg)
    if checkpoint is None:
        model.dataset_meta = config_meta
        return model
    # read as a trusted local file (torch >= 2.6 refuses mmengine's pickles by default), without
    # changing how mmengine loads checkpoints elsewhere in the process
    loaded = load_trusted_local_checkpoint(checkpoint, 'cpu')
    try:
        ckpt = _load_checkpoint_to_model(model, loaded)
    except ValueError as exc:  # e.g. the backbone's input channels differ from the config's
        raise ValueError(f'{checkpoint}: {exc}') from exc
    # mmengine only logs missing or misshapen weights and keeps them random: refuse instead
    check_checkpoint_fits(model, loaded.get('state_dict', loaded), checkpoint)
    meta = ckpt.get('meta', {}).get('dataset_meta')
    model.dataset_meta = config_meta if meta is None else checkpoint_dataset_meta(meta, checkpoint)
    if 'palette' in config_meta:  # mmdet's priority: the config's palette, then the checkpoint's
        model.dataset_meta['palette'] = config_meta['palette']
    return model
