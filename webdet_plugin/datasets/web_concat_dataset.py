"""WebConcatDataset: a mixture of page datasets with one ``metainfo`` dict.

mmdet's :class:`~mmdet.datasets.ConcatDataset` gives a *list* of metainfo dicts as soon as any
key differs between its datasets. Every :class:`WebPageDataset` carries its own ``ann_file`` in
its metainfo, so a mixture of synthetic shops and template pages always got a list, the Runner
wrote that list into each checkpoint's ``meta['dataset_meta']`` and mmdet's ``init_detector``
could not read it back. Here the metainfo is the keys the datasets agree on, and the classes and
palette must agree, or building the dataset (the start of training) fails naming each dataset.
"""
from typing import Optional, Sequence, Union

from mmdet.datasets import ConcatDataset
from mmdet.registry import DATASETS
from mmengine.dataset import BaseDataset

# what a model trained on the mixture must mean the same by, whichever dataset a page came from
MUST_AGREE = ('classes', 'palette')


def agreed_metainfo(metainfos: Sequence[dict], names: Optional[Sequence[str]] = None,
                    source: str = 'the datasets') -> dict:
    """One metainfo dict from several: the keys whose values are the same in all of them.

    Args:
        metainfos (Sequence[dict]): One metainfo per dataset (at least one).
        names (Sequence[str], optional): A name per metainfo for error messages (its
            ``ann_file`` when None and present, else its index).
        source (str): What the metainfos come from, for error messages (a config, a
            checkpoint file).

    Returns:
        dict: The keys present with equal values in every metainfo (so ``classes`` and
        ``palette`` always, per-dataset keys such as ``ann_file`` only if they agree).

    Raises:
        ValueError: If ``metainfos`` is empty or the datasets disagree on ``classes`` or
            ``palette`` (the message names each dataset and its value).
    """
    metainfos = list(metainfos)
    if not metainfos:
        raise ValueError(f'{source}: no dataset metainfo to merge')
    if names is None:
        names = [str(m.get('ann_file', f'dataset {i}')) for i, m in enumerate(metainfos)]
    for key in MUST_AGREE:
        values = [_plain(m.get(key)) for m in metainfos]
        if any(v != values[0] for v in values[1:]):
            listed = '; '.join(f'{n}: {m.get(key)!r}' for n, m in zip(names, metainfos))
            raise ValueError(f'{source} disagree on {key!r} (a model trained on a mixture '
                             f'needs one {key} for all its datasets): {listed}')
    first = metainfos[0]
    return {
        key: value for key, value in first.items()
        if all(key in m and _plain(m[key]) == _plain(value) for m in metainfos[1:])
    }


def _plain(value):
    """Tuples and lists compare equal (a config's palette is a list, METAINFO's may be tuples)."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@DATASETS.register_module()
class WebConcatDataset(ConcatDataset):
    """A :class:`~mmdet.datasets.ConcatDataset` of page datasets with one ``metainfo`` dict.

    Config::

        train_dataloader = dict(dataset=dict(
            type='WebConcatDataset',
            datasets=[synthetic_dataset, dict(synthetic_dataset, data_root=template_root)]))

    Args:
        datasets (Sequence[BaseDataset | dict]): The datasets (or their configs).
        lazy_init (bool): As :class:`~mmdet.datasets.ConcatDataset`. Defaults to False.

    Raises:
        ValueError: If the datasets disagree on ``classes`` or ``palette``.
    """

    def __init__(self, datasets: Sequence[Union[BaseDataset, dict]],
                 lazy_init: bool = False) -> None:
        super().__init__(datasets, lazy_init=lazy_init)
        names = [f'{type(d).__name__}({getattr(d, "ann_file", i)})'
                 for i, d in enumerate(self.datasets)]
        self._metainfo = agreed_metainfo([d.metainfo for d in self.datasets], names,
                                         source='WebConcatDataset: the datasets')
        if not lazy_init:  # as mmdet's ConcatDataset does
            self._metainfo['cumulative_sizes'] = self.cumulative_sizes
