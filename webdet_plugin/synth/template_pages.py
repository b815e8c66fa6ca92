"""Pages from real designers' templates filled with new products and real photos.

Each page is one template design (``outside_data.TemplateDesign``) whose slots get a new product:
a name of any length, a price (and old price) in one of many currencies and formats, photos of
one product group from the photo bank for the main image and gallery, other products' photos,
names and prices for the related products, banners or generated shapes for every other image.
The page is captured by the same code as every other page (``PageCapturer.capture(fill=...)``)
and labelled from the slots. Splits are by template family; a split's pages only use that
split's photos. A fraction of the training pages can be captured with every image failing to
load (:func:`break_images`), as a page saved without its photos renders, or also without its
stylesheets (:func:`bare_page`), as a page saved as HTML alone renders.
"""
import os.path as osp
import random
from pathlib import Path
from typing import Dict, List, Sequence

from ..capture import DEFAULT_CLASSES, SPLITS, CaptureJob, CaptureOptions, capture_pages
from .generator import check_earlier_run, write_dataset_files
from .outside_data import PhotoBank, TemplateDesign, load_templates, split_families
from .shop_templates import PRICE_FORMATS, format_price, product_name, sentence, svg_image

# more currencies and styles than the synthetic shops use
TEMPLATE_PRICE_FORMATS = PRICE_FORMATS + ('Rs. {:,.2f}', '{:,.2f} kr', 'R$ {:,.2f}', '₹{:,.0f}',
                                          'A$ {:,.2f}', '${:,.0f}', 'EUR {:,.2f}', '{:,.2f}$')
LABELS = (('name', 'name'), ('price', 'price'), ('main_image', 'image'))


def _uri(path: str) -> str:
    return Path(osp.abspath(path)).as_uri()


def _name(rng: random.Random) -> str:
    name = product_name(rng, long_prob=0.3)
    r = rng.random()
    return name.upper() if r < 0.1 else name.lower().capitalize() if r < 0.2 else name


def page_fill(design: TemplateDesign, bank: PhotoBank, split: str,
              rng: random.Random) -> dict:
    """Slot contents of one page (the ``fill`` of :meth:`PageCapturer.capture`).

    Args:
        design (TemplateDesign): The template.
        bank (PhotoBank): Photos; only ``split``'s are used.
        split (str): ``'train'``, ``'val'`` or ``'test'``.
        rng (random.Random): Draws everything.

    Returns:
        dict: ``remove``, ``texts``, ``images``, ``default_images`` and ``labels``.
    """
    slots = design.slots
    groups = bank.groups(split)
    if not groups:
        raise ValueError(f'the photo bank has no {split} product photos')
    names = sorted(groups)
    fmt = rng.choice(TEMPLATE_PRICE_FORMATS)
    value = rng.choice((rng.uniform(1, 60), rng.uniform(10, 400), rng.uniform(100, 5000)))
    if fmt.endswith(('Kč', '¥{:,.0f}', '₹{:,.0f}', '${:,.0f}')):
        value = round(value)
    group = groups[rng.choice(names)]
    product = rng.sample(group, len(group))
    if rng.random() < 0.08:  # generated shapes stay one kind of product image among many
        main = svg_image(rng, rng.choice((400, 600, 800)), rng.choice((400, 600, 800)))
    else:
        main = _uri(product[0].path)
    gallery = [main] + [_uri(p.path) for p in product[1:]]
    others = [_uri(groups[rng.choice(names)][0].path) for _ in range(12)]
    banners = [_uri(p.path) for p in bank.select(split, 'banner')]
    default = [rng.choice(banners) if banners and rng.random() < 0.5 else
               svg_image(rng, 300, 200) for _ in range(6)]
    texts = [[slots['name'], [_name(rng)]], [slots['price'], [format_price(fmt, value)]]]
    if slots.get('old_price'):
        texts.append([slots['old_price'], [format_price(fmt, value * rng.uniform(1.1, 1.8))]])
    if slots.get('related_names'):
        texts.append([slots['related_names'], [product_name(rng, 0.1) for _ in range(8)]])
    if slots.get('related_prices'):
        texts.append([slots['related_prices'],
                      [format_price(fmt, value * rng.uniform(0.3, 2.5)) for _ in range(8)]])
    if slots.get('description'):
        texts.append([slots['description'], [sentence(rng, rng.randint(8, 40))]])
    images = [[slots['main_image'], [main]]]
    if slots.get('gallery'):
        images.insert(0, [slots['gallery'], gallery])
    if slots.get('related_images'):
        images.insert(0, [slots['related_images'], others])
    if slots.get('other_images'):
        images.insert(0, [slots['other_images'], default])
    return dict(remove=list(design.remove), texts=texts, images=images, default_images=default,
                labels=[[slots[slot], label] for slot, label in LABELS])


def break_images(fill: dict) -> dict:
    """The same fill with every image pointed at a file that does not exist.

    The browser then renders each ``img`` as a page saved without its photos does: its alt text,
    a broken-image icon in the box its CSS gives it, or nothing; the main image's label stays on
    that element.
    """
    def missing(url: str) -> str:
        name = url.rsplit('/', 1)[-1] if not url.startswith('data:') else 'image.svg'
        return f'file:///webdet-missing/{name}'

    return dict(fill, images=[[css, [missing(u) for u in urls]] for css, urls in fill['images']],
                default_images=[missing(u) for u in fill['default_images']])


def bare_page(fill: dict) -> dict:
    """The same fill rendered as a page saved as HTML alone: every linked stylesheet removed (the
    browser's default styles and the page's inline ones stay) and every image broken
    (:func:`break_images`); the labels stay on their elements."""
    fill = break_images(fill)
    return dict(fill, remove=list(fill['remove']) + ['link[rel~="stylesheet"]'])


def template_jobs(designs: Sequence[TemplateDesign], bank: PhotoBank, pages_per_template: int,
                  seed: int = 0, broken_images: float = 0.0,
                  bare_pages: float = 0.0) -> Dict[str, List[CaptureJob]]:
    """Capture jobs per split; page ``i`` of a design depends only on the design, ``i`` and
    ``seed``. Each training page is captured bare (:func:`bare_page`) with probability
    ``bare_pages``, else with broken images (:func:`break_images`) with probability
    ``broken_images`` (draws of their own: the page's contents do not change); held-out pages
    never are."""
    split_of = split_families([d.family for d in designs])
    jobs: Dict[str, List[CaptureJob]] = {s: [] for s in SPLITS}
    for design in designs:
        split = split_of[design.family]
        for i in range(pages_per_template):
            key = f'{seed}:{design.slug}:{i}'
            fill = page_fill(design, bank, split, random.Random(key))
            if split == 'train' and random.Random(f'{key}:bare').random() < bare_pages:
                fill = bare_page(fill)
            elif split == 'train' and random.Random(f'{key}:broken').random() < broken_images:
                fill = break_images(fill)
            jobs[split].append(CaptureJob(design.page, f'{design.slug}_p{i:04d}', design.slug,
                                          fill))
    return jobs


# the settings that change a page's contents, with the value a summary without them had
CONTENT_SETTINGS = dict(seed=0, broken_images=0.0, bare_pages=0.0)


def generate_template_dataset(out_root: str, outside_root: str, pages_per_template: int = 10,
                              seed: int = 0, workers: int = 2,
                              classes: Sequence[str] = DEFAULT_CLASSES, timeout_s: float = 60.0,
                              progress: bool = True, overwrite: bool = False,
                              broken_images: float = 0.0, bare_pages: float = 0.0) -> dict:
    """Templates + photo bank → captured pages → COCO splits by template family
    (``broken_images``, ``bare_pages``: see :func:`template_jobs`). A folder a finished run wrote
    with other contents is refused unless ``overwrite`` (:func:`check_earlier_run`).

    Returns:
        dict: See :func:`write_dataset_files` (also written to ``out_root/summary.json``).
    """
    if not 0 <= broken_images <= 1:
        raise ValueError(f'broken_images must be in [0, 1], got {broken_images}')
    if not 0 <= bare_pages <= 1:
        raise ValueError(f'bare_pages must be in [0, 1], got {bare_pages}')
    if not overwrite:
        check_earlier_run(out_root, CONTENT_SETTINGS, seed=seed, broken_images=broken_images,
                          bare_pages=bare_pages)
    designs = load_templates(outside_root)
    bank = PhotoBank(outside_root)
    jobs = template_jobs(designs, bank, pages_per_template, seed, broken_images, bare_pages)
    options = CaptureOptions(itemprops={}, timeout_s=timeout_s, javascript=False)
    every = [job for split in SPLITS for job in jobs[split]]
    result = capture_pages(every, osp.join(out_root, 'pages'), options, workers, progress,
                           overwrite=overwrite)
    done = set(result.captured)
    splits = {s: [j.page_id for j in js if j.page_id in done] for s, js in jobs.items()}
    return write_dataset_files(out_root, splits, every, result, classes,
                               pages_per_template=pages_per_template, seed=seed,
                               broken_images=broken_images, bare_pages=bare_pages,
                               outside_root=osp.abspath(outside_root))
