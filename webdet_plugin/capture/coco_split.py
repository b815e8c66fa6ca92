"""A folder of captured pages: which folders are pages, and its split files in COCO format.

A page folder holds ``dom.json`` (the page record) and ``screenshot.png``
(:mod:`webdet_plugin.page_record`); datasets are split by a group of pages (a site, a template
family) so that no group is in two splits.
"""
import logging
import os.path as osp
from collections import Counter
from typing import Dict, List, Sequence, Tuple

from ..page_record import (DOM_NAME, SCREENSHOT_NAME, PageRecordError, load_page_record,
                           write_json_atomic)

logger = logging.getLogger('webdet.capture')
DEFAULT_CLASSES = ('name', 'price', 'image')
SPLITS = ('train', 'val', 'test')


def is_page_dir(path: str, complete: bool = False) -> bool:
    """Whether ``path`` is a captured page folder.

    Args:
        path (str): A folder (or anything else: then False).
        complete (bool): Also require its screenshot and a valid page record of the current
            format, with styles (a capture that finished, by this version: batches capture
            pages of an older format again). By default holding ``dom.json`` is enough, which
            tells a page folder from an HTML file or a folder of them. Defaults to False.

    Returns:
        bool: Whether it is one.
    """
    if not osp.isfile(osp.join(path, DOM_NAME)):
        return False
    if not complete:
        return True
    if not osp.isfile(osp.join(path, SCREENSHOT_NAME)):
        return False
    try:
        return load_page_record(path).has_styles
    except PageRecordError:
        return False


def build_coco(root: str, page_ids: Sequence[str],
               classes: Sequence[str] = DEFAULT_CLASSES) -> Tuple[dict, Dict[str, Counter]]:
    """COCO dict for ``root/pages/<page_id>`` folders.

    Images carry ``file_name`` (relative to ``root``), ``width``, ``height``, ``page_id``,
    ``site`` and ``dom_file``; annotations carry ``bbox`` ``[x, y, w, h]``, ``area``,
    ``category_id`` (1-based, in ``classes`` order) and ``element`` (index into the record's
    elements, -1 when the labelled element is not a leaf candidate).

    Returns:
        tuple[dict, dict]: The COCO dict and counters of what was left out
        (``not_in_classes``: label → count, ``zero_area``: label → count), also logged.
    """
    cat_id = {name: i + 1 for i, name in enumerate(classes)}
    images, annotations = [], []
    skipped = dict(not_in_classes=Counter(), zero_area=Counter())
    for img_id, pid in enumerate(page_ids, start=1):
        rel = osp.join('pages', pid)
        record = load_page_record(osp.join(root, rel, DOM_NAME))
        images.append(dict(id=img_id, file_name=osp.join(rel, SCREENSHOT_NAME),
                           dom_file=osp.join(rel, DOM_NAME), width=record.width,
                           height=record.height, page_id=record.page_id, site=record.site))
        for lab in record.labels:
            if lab.label not in cat_id:
                skipped['not_in_classes'][lab.label] += 1
                continue
            x1, y1, x2, y2 = lab.box
            if x2 - x1 < 1 or y2 - y1 < 1:
                skipped['zero_area'][lab.label] += 1
                continue
            annotations.append(dict(id=len(annotations) + 1, image_id=img_id,
                                    category_id=cat_id[lab.label],
                                    bbox=[x1, y1, x2 - x1, y2 - y1], area=(x2 - x1) * (y2 - y1),
                                    iscrowd=0, element=lab.element))
    for kind, counter in skipped.items():
        if counter:
            logger.warning('%s: left out %d labels (%s): %s', root, sum(counter.values()), kind,
                           dict(counter))
    categories = [dict(id=i, name=n) for n, i in cat_id.items()]
    return dict(images=images, annotations=annotations, categories=categories), skipped


def write_coco(path: str, root: str, page_ids: Sequence[str],
               classes: Sequence[str] = DEFAULT_CLASSES) -> Dict[str, Counter]:
    """Build and atomically write a COCO split file; returns what was left out."""
    coco, skipped = build_coco(root, page_ids, classes)
    write_json_atomic(path, coco)
    return skipped


def assign_splits(names: Sequence[str], ratios: Sequence[float] = (0.7, 0.15, 0.15),
                  order: Sequence[str] = SPLITS) -> Dict[str, str]:
    """Name -> split: the splits in ``order`` take consecutive runs of ``names``.

    With 3 names or more, val and test get ``round(n * ratio)`` names each, at least one; train
    the rest. With fewer, every name is in train.

    Args:
        names (Sequence[str]): Distinct names (sites, template families) in the order to cut.
        ratios (Sequence[float]): Train, val and test shares; train's is not read (it gets
            the rest). Defaults to (0.7, 0.15, 0.15).
        order (Sequence[str]): The splits, first to last along ``names``. Defaults to
            ``('train', 'val', 'test')``.

    Returns:
        dict[str, str]: The split of every name.
    """
    n = len(names)
    n_val = max(1, round(n * ratios[1])) if n >= 3 else 0
    n_test = max(1, round(n * ratios[2])) if n >= 3 else 0
    sizes = dict(train=n - n_val - n_test, val=n_val, test=n_test)
    out, start = {}, 0
    for split in order:
        out.update((name, split) for name in names[start:start + sizes[split]])
        start += sizes[split]
    return out


def split_by_site(sites: Dict[str, List[str]], ratios: Sequence[float] = (0.7, 0.15, 0.15)
                  ) -> Dict[str, List[str]]:
    """Assign whole sites to train/val/test (in sorted site order) by the given ratios.

    Args:
        sites (dict[str, list[str]]): Page ids of each site.
        ratios (Sequence[float]): See :func:`assign_splits`.

    Returns:
        dict[str, list[str]]: Page ids of each split (sites in sorted order).
    """
    names = sorted(sites)
    split_of = assign_splits(names, ratios)
    return {split: [pid for s in names if split_of[s] == split for pid in sites[s]]
            for split in SPLITS}
