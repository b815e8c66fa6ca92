"""Generate the default synthetic dataset: N shops x M product pages, captured like real pages."""
import json
import logging
import os
import os.path as osp
from typing import Callable, Dict, List, Mapping, Optional, Sequence

from ..capture import (DEFAULT_CLASSES, CaptureJob, CaptureOptions, CaptureSummary, assign_splits,
                       capture_pages, split_by_site, write_coco)
from ..page_record import FORMAT, write_json_atomic
from .outside_data import PhotoBank
from .shop_photos import ShopPhotos
from .shop_templates import sample_shop_style, shop_pages

logger = logging.getLogger('webdet.synth')

# the settings that change a page's contents (a shop's split, so its photos, depends on the number
# of shops), with the value a summary without them had
CONTENT_SETTINGS = dict(seed=0, photo_prob=0.0, num_shops=60)


def write_shop_html(out_root: str, num_shops: int, pages_per_shop: int,
                    seed: int = 0, first_shop: int = 0,
                    photos_of: Optional[Callable[[str], ShopPhotos]] = None
                    ) -> Sequence[CaptureJob]:
    """Write ``out_root/html/<shop>/p<i>.html`` and return the capture jobs (site = shop).

    Shops ``first_shop .. first_shop + num_shops - 1`` are drawn; a shop's style and pages depend
    only on its index and ``seed`` (and the photos), so the same shop comes out the same in any
    run.

    Args:
        out_root (str): Dataset folder.
        num_shops (int): Shops to draw.
        pages_per_shop (int): Pages per shop.
        seed (int): Seed of the dataset.
        first_shop (int): Index of the first shop.
        photos_of (Callable, optional): Shop id -> its :class:`ShopPhotos`; None: every picture
            is generated shapes.

    Returns:
        list[CaptureJob]: One per page.
    """
    jobs = []
    for s in range(first_shop, first_shop + num_shops):
        style = sample_shop_style(s, seed)
        folder = osp.join(out_root, 'html', style.shop_id)
        os.makedirs(folder, exist_ok=True)
        images = photos_of(style.shop_id).for_page if photos_of else None
        for i, page in enumerate(shop_pages(style, pages_per_shop, seed, images)):
            path = osp.join(folder, f'p{i:04d}.html')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(page)
            jobs.append(CaptureJob(path, f'{style.shop_id}_p{i:04d}', style.shop_id))
    return jobs


def split_with_extra_train(jobs: Sequence[CaptureJob], extra: Sequence[CaptureJob],
                           captured: Sequence[str], ratios: Sequence[float] = (0.7, 0.15, 0.15)
                           ) -> Dict[str, List[str]]:
    """Page ids per split: ``jobs``' shops split by ``ratios``, ``extra`` appended to train.

    Every shop of ``jobs`` is split, captured or not (a shop whose capture failed moves no other
    shop: the split its photos were drawn for stays); only captured pages are listed, extra
    pages in job order (shop by shop, page by page).
    """
    done = set(captured)
    sites = {job.site: [] for job in jobs}
    for job in jobs:
        if job.page_id in done:
            sites[job.site].append(job.page_id)
    splits = split_by_site(sites, ratios)
    splits['train'] = splits['train'] + [job.page_id for job in extra if job.page_id in done]
    return splits


def check_earlier_run(out_root: str, defaults: Mapping[str, object], **settings) -> None:
    """Refuse to add pages of other contents to a dataset folder a finished run left.

    Capturing keeps the pages already in ``out_root/pages`` (an interrupted run goes on), so pages
    drawn with another seed (or other photos, or captured broken or bare where they were whole)
    would be kept silently beside the new ones. A folder without ``summary.json`` (an interrupted
    run) is not checked.

    Args:
        out_root (str): The dataset folder.
        defaults (Mapping[str, object]): Each setting that changes the pages' contents, with the
            value a summary that does not record it was written with.
        **settings: The new values of those settings.

    Raises:
        ValueError: Naming ``summary.json`` and the settings that differ.
    """
    path = osp.join(out_root, 'summary.json')
    if not osp.isfile(path):
        return
    with open(path, encoding='utf-8') as f:
        old = json.load(f)
    changed = {k: (old.get(k, defaults[k]), v) for k, v in settings.items()
               if old.get(k, defaults[k]) != v}
    if changed:
        diff = ', '.join(f'{k} {a} -> {b}' for k, (a, b) in changed.items())
        raise ValueError(f'{path}: its pages were captured with other settings ({diff}); the pages '
                         'already captured would be kept: write to another folder or capture '
                         'every page again (overwrite)')


def generate_dataset(out_root: str,
                     num_shops: int = 60,
                     pages_per_shop: int = 10,
                     seed: int = 0,
                     workers: int = 2,
                     classes: Sequence[str] = DEFAULT_CLASSES,
                     ratios: Sequence[float] = (0.7, 0.15, 0.15),
                     timeout_s: float = 60.0,
                     progress: bool = True,
                     extra_train_shops: int = 0,
                     extra_train_pages: int = 4,
                     photo_bank: Optional[PhotoBank] = None,
                     photo_prob: float = 0.8,
                     overwrite: bool = False) -> Dict[str, object]:
    """HTML → capture → COCO splits by shop (train/val/test shops are disjoint).

    The first ``num_shops`` shops are split by ``ratios``. ``extra_train_shops`` more shops
    (indices from ``num_shops`` on, ``extra_train_pages`` pages each) join the training split
    only: more shop templates to learn from while validation and test shops stay the same.
    With a ``photo_bank``, a shop's pictures are photos of its split (:class:`ShopPhotos`). A
    folder a finished run wrote with another seed, photo probability or number of shops is refused
    unless ``overwrite`` (captures every page again; :func:`check_earlier_run`).

    Returns:
        dict: ``captured`` and ``failed`` counts, ``splits`` (pages per split) and ``failures``
        (source, reason); the same summary is written to ``out_root/summary.json``.
    """
    if photo_bank is None:
        photo_prob = 0.0  # every picture is generated shapes
    if not overwrite:
        check_earlier_run(out_root, CONTENT_SETTINGS, seed=seed, photo_prob=photo_prob,
                          num_shops=num_shops)
    photos_of = None
    if photo_bank is not None:
        # the split each shop will get (split_with_extra_train splits every shop the same way)
        split_of = assign_splits(sorted(sample_shop_style(i, seed).shop_id
                                        for i in range(num_shops)), ratios)
        by_split = {split: ShopPhotos.from_bank(photo_bank, split, photo_prob)
                    for split in set(split_of.values()) | {'train'}}
        # the extra shops are training shops
        photos_of = lambda shop_id: by_split[split_of.get(shop_id, 'train')]  # noqa: E731

    jobs = list(write_shop_html(out_root, num_shops, pages_per_shop, seed, photos_of=photos_of))
    extra = list(write_shop_html(out_root, extra_train_shops, extra_train_pages, seed,
                                 first_shop=num_shops, photos_of=photos_of))
    options = CaptureOptions(itemprops={}, timeout_s=timeout_s)
    result = capture_pages(jobs + extra, osp.join(out_root, 'pages'), options, workers, progress,
                           overwrite=overwrite)
    splits = split_with_extra_train(jobs, extra, result.captured, ratios)
    return write_dataset_files(out_root, splits, jobs + extra, result, classes,
                               num_shops=num_shops, pages_per_shop=pages_per_shop,
                               extra_train_shops=extra_train_shops,
                               extra_train_pages=extra_train_pages, seed=seed,
                               photo_prob=photo_prob)


def write_dataset_files(out_root: str, splits: Dict[str, List[str]], jobs: Sequence[CaptureJob],
                        result: CaptureSummary, classes: Sequence[str],
                        **settings) -> Dict[str, object]:
    """The COCO split files and ``summary.json`` of a generated dataset; failures logged.

    Args:
        out_root (str): Dataset folder.
        splits (dict): Split name -> captured page ids.
        jobs (Sequence[CaptureJob]): Every job of the run (for the pages' sites).
        result (CaptureSummary): What :func:`capture_pages` did.
        classes (Sequence[str]): Class order of the split files.
        **settings: Generation settings recorded in the summary.

    Returns:
        dict: ``captured`` and ``failed`` counts, ``splits`` (pages per split), ``split_sites``
        (sites per split), ``failures`` (source, reason), ``page_format`` (of the records
        captured, :data:`~webdet_plugin.page_record.FORMAT`) and ``settings``' keys.
    """
    site_of = {job.page_id: job.site for job in jobs}
    for split, ids in splits.items():
        write_coco(osp.join(out_root, 'annotations', f'{split}.json'), out_root, ids, classes)
    summary = dict(captured=len(result.captured), failed=len(result.failed),
                   splits={k: len(v) for k, v in splits.items()},
                   split_sites={k: sorted({site_of[p] for p in v}) for k, v in splits.items()},
                   failures=result.failed, page_format=FORMAT, **settings)
    write_json_atomic(osp.join(out_root, 'summary.json'), summary)
    for src, reason in result.failed:
        logger.warning('failed %s: %s', src, reason)
    return summary
