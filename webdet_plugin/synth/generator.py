"""Generate the default synthetic dataset: N shops x M product pages, captured like real pages."""
import logging
import os
import os.path as osp
from collections import defaultdict
from typing import Dict, Sequence

from ..capture import (DEFAULT_CLASSES, CaptureJob, CaptureOptions, capture_pages, split_by_site,
                       write_coco)
from ..page_record import write_json_atomic
from .shop_templates import sample_shop_style, shop_pages

logger = logging.getLogger('webdet.synth')


def write_shop_html(out_root: str, num_shops: int, pages_per_shop: int,
                    seed: int = 0) -> Sequence[CaptureJob]:
    """Write ``out_root/html/<shop>/p<i>.html`` and return the capture jobs (site = shop)."""
    jobs = []
    for s in range(num_shops):
        style = sample_shop_style(s, seed)
        folder = osp.join(out_root, 'html', style.shop_id)
        os.makedirs(folder, exist_ok=True)
        for i, page in enumerate(shop_pages(style, pages_per_shop, seed)):
            path = osp.join(folder, f'p{i:04d}.html')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(page)
            jobs.append(CaptureJob(path, f'{style.shop_id}_p{i:04d}', style.shop_id))
    return jobs


def generate_dataset(out_root: str,
                     num_shops: int = 60,
                     pages_per_shop: int = 10,
                     seed: int = 0,
                     workers: int = 2,
                     classes: Sequence[str] = DEFAULT_CLASSES,
                     ratios: Sequence[float] = (0.7, 0.15, 0.15),
                     timeout_s: float = 60.0,
                     progress: bool = True) -> Dict[str, object]:
    """HTML → capture → COCO splits by shop (train/val/test shops are disjoint).

    Returns:
        dict: ``captured`` and ``failed`` counts, ``splits`` (pages per split) and ``failures``
        (source, reason); the same summary is written to ``out_root/summary.json``.
    """
    jobs = write_shop_html(out_root, num_shops, pages_per_shop, seed)
    options = CaptureOptions(itemprops={}, timeout_s=timeout_s)
    result = capture_pages(list(jobs), osp.join(out_root, 'pages'), options, workers, progress)
    site_of = {job.page_id: job.site for job in jobs}
    sites = defaultdict(list)
    for pid in result.captured:
        sites[site_of[pid]].append(pid)
    splits = split_by_site(dict(sites), ratios)
    for split, ids in splits.items():
        write_coco(osp.join(out_root, 'annotations', f'{split}.json'), out_root, ids, classes)
    summary = dict(captured=len(result.captured), failed=len(result.failed),
                   splits={k: len(v) for k, v in splits.items()},
                   split_sites={k: sorted({site_of[p] for p in v}) for k, v in splits.items()},
                   failures=result.failed, num_shops=num_shops, pages_per_shop=pages_per_shop,
                   seed=seed)
    write_json_atomic(osp.join(out_root, 'summary.json'), summary)
    for src, reason in result.failed:
        logger.warning('failed %s: %s', src, reason)
    return summary
