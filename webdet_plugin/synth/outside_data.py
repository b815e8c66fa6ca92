"""Outside data: real designers' templates and a bank of real product photos, with manifests.

Outside material is not generated here: it is curated from public repositories (their licences
allow redistribution) into one folder per source, each with a ``manifest.json`` naming the
repository, commit, paths and licence (docs/outside_data.md)::

    OUTSIDE/photos/<source>/manifest.json   {"source", "repository", "commit", "licence",
                                             "kind": "product" | "banner",
                                             "files": [{"file", "group", "split", ...}]}
    OUTSIDE/templates/<design>/manifest.json {"design", "slug", "repository", "commit", "licence",
                                              "family", ...}
    OUTSIDE/templates/<design>/slots.json    {"page", "name", "price", "main_image", ...}
    OUTSIDE/real_pages/<source>/manifest.json {"source", "repository", "commit", "licence",
                                               "pages": [{"file", "shop", "selectors"}, ...]}

Photos carry their split (made by product group, so no product is in two splits); templates are
split by family (a design and its skeleton twins stay in one split).
"""
import hashlib
import json
import logging
import os
import os.path as osp
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from ..capture import SPLITS, assign_splits

logger = logging.getLogger('webdet.synth')
REQUIRED_SLOTS = ('page', 'name', 'price', 'main_image')
OPTIONAL_SLOTS = ('old_price', 'gallery', 'related_images', 'related_names', 'related_prices',
                  'other_images', 'description')


# the one setting of where the outside data is: a tool's --outside, else this variable, else
# the shared folder beside the checkout (relative to the working directory, the repository root)
OUTSIDE_ENV = 'WEBDET_OUTSIDE'
DEFAULT_OUTSIDE = '../shared/outside'


def outside_root(path: Optional[str] = None) -> str:
    """The outside-data folder: ``path`` if given, else ``$WEBDET_OUTSIDE``, else
    ``../shared/outside``.

    Args:
        path (str, optional): A tool's ``--outside``.

    Returns:
        str: The folder (not checked: readers name what is missing).
    """
    return path or os.environ.get(OUTSIDE_ENV) or DEFAULT_OUTSIDE


class OutsideDataError(ValueError):
    """A manifest or slot map is missing or malformed; the message names the file."""


def _read_json(path: str) -> dict:
    if not osp.isfile(path):
        raise OutsideDataError(f'{path}: not found')
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OutsideDataError(f'{path}: not valid JSON ({exc})') from exc
    if not isinstance(data, dict):
        raise OutsideDataError(f'{path}: expected a JSON object')
    return data


@dataclass
class Photo:
    """One photo of the bank: its absolute path, product group, split and kind."""
    path: str
    group: str
    split: str
    kind: str = 'product'
    category: str = ''


class PhotoBank:
    """The photos under ``root/photos/*/manifest.json``, by kind and split.

    Args:
        root (str): The outside-data folder.

    Raises:
        OutsideDataError: No manifest, a manifest without files, or a listed file missing.
    """

    def __init__(self, root: str) -> None:
        folder = osp.join(root, 'photos')
        sources = sorted(d for d in os.listdir(folder)
                         if osp.isfile(osp.join(folder, d, 'manifest.json'))) \
            if osp.isdir(folder) else []
        if not sources:
            raise OutsideDataError(f'{folder}: no photo source (<source>/manifest.json)')
        self.photos: List[Photo] = []
        for src in sources:
            path = osp.join(folder, src, 'manifest.json')
            manifest = _read_json(path)
            kind = manifest.get('kind', 'product')
            for i, item in enumerate(manifest.get('files', [])):
                try:
                    photo = Photo(osp.join(folder, src, item['file']), str(item['group']),
                                  str(item['split']), kind, str(item.get('category', '')))
                except KeyError as exc:
                    raise OutsideDataError(f'{path}: files[{i}] has no {exc}') from exc
                if photo.split not in SPLITS:
                    raise OutsideDataError(f'{path}: files[{i}] has split {photo.split!r}')
                if not osp.isfile(photo.path):
                    raise OutsideDataError(f'{path}: files[{i}] {photo.path} is missing')
                self.photos.append(photo)

    def select(self, split: str, kind: str = 'product') -> List[Photo]:
        """The photos of one split and kind (all splits' banners when a split has none)."""
        chosen = [p for p in self.photos if p.split == split and p.kind == kind]
        if not chosen and kind != 'product':
            chosen = [p for p in self.photos if p.kind == kind]
        return chosen

    def groups(self, split: str) -> Dict[str, List[Photo]]:
        """Product photos of a split by product group."""
        out: Dict[str, List[Photo]] = {}
        for p in self.select(split):
            out.setdefault(p.group, []).append(p)
        return out


@dataclass
class TemplateDesign:
    """A vendored template design: its folder, product page, slot map and family."""
    slug: str
    folder: str
    page: str
    slots: Dict[str, Optional[str]]
    remove: List[str] = field(default_factory=list)
    family: str = ''
    licence: str = ''


def load_template(folder: str) -> TemplateDesign:
    """Read ``folder/slots.json`` and ``folder/manifest.json``; check the required slots."""
    slots = _read_json(osp.join(folder, 'slots.json'))
    manifest = _read_json(osp.join(folder, 'manifest.json'))
    for key in REQUIRED_SLOTS:
        if not isinstance(slots.get(key), str) or not slots[key].strip():
            raise OutsideDataError(f'{osp.join(folder, "slots.json")}: slot {key!r} is missing')
    page = osp.join(folder, slots['page'])
    if not osp.isfile(page):
        raise OutsideDataError(f'{osp.join(folder, "slots.json")}: page {page} not found')
    slug = str(manifest.get('slug') or osp.basename(osp.normpath(folder)))
    return TemplateDesign(
        slug=slug, folder=folder, page=page,
        slots={k: slots.get(k) for k in REQUIRED_SLOTS[1:] + OPTIONAL_SLOTS},
        remove=list(slots.get('remove') or []), family=str(manifest.get('family') or slug),
        licence=str(manifest.get('licence', '')))


def load_templates(root: str) -> List[TemplateDesign]:
    """Every design under ``root/templates`` (a folder with ``slots.json`` and ``manifest.json``),
    in slug order; a folder with only one of them is skipped with a warning."""
    folder = osp.join(root, 'templates')
    if not osp.isdir(folder):
        raise OutsideDataError(f'{folder}: no templates folder')
    designs = []
    for name in sorted(os.listdir(folder)):
        have = [osp.isfile(osp.join(folder, name, f)) for f in ('slots.json', 'manifest.json')]
        if all(have):
            designs.append(load_template(osp.join(folder, name)))
        elif any(have):
            logger.warning('%s: skipped, it needs both slots.json and manifest.json',
                           osp.join(folder, name))
    if not designs:
        raise OutsideDataError(f'{folder}: no template (<design>/slots.json)')
    return designs


def split_families(families: Sequence[str], ratios: Sequence[float] = (0.7, 0.15, 0.15),
                   salt: str = 'webdet') -> Dict[str, str]:
    """Family -> split, by a stable hash order (adding a family moves no other one's split
    unless it lands before it), at least one family in val and test when there are >= 3.

    Args:
        families (Sequence[str]): Template families (repeats are fine).
        ratios (Sequence[float]): See :func:`~webdet_plugin.capture.assign_splits`.
        salt (str): Mixed into the hash. Defaults to 'webdet'.

    Returns:
        dict[str, str]: The split of every family.
    """
    names = sorted(set(families), key=lambda f: hashlib.md5(f'{salt}:{f}'.encode()).hexdigest())
    return assign_splits(names, ratios, order=('test', 'val', 'train'))


@dataclass
class RealPage:
    """A saved real product page: its file, shop and label selectors (None where unknown)."""
    path: str
    source: str
    shop: str
    selectors: Dict[str, Optional[str]]


def load_real_pages(root: str, exclude: Sequence[str] = ()) -> List[RealPage]:
    """Pages listed in ``root/real_pages/<source>/manifest.json``, sources in name order.

    Args:
        root (str): The outside-data folder.
        exclude (Sequence[str]): Sources to leave out.
    """
    folder = osp.join(root, 'real_pages')
    sources = sorted(d for d in os.listdir(folder) if d not in exclude and
                     osp.isfile(osp.join(folder, d, 'manifest.json'))) \
        if osp.isdir(folder) else []
    if not sources:
        raise OutsideDataError(f'{folder}: no source of real pages (<source>/manifest.json)')
    pages = []
    for src in sources:
        path = osp.join(folder, src, 'manifest.json')
        for i, item in enumerate(_read_json(path).get('pages', [])):
            try:
                page = RealPage(osp.join(folder, src, item['file']), src, str(item['shop']),
                                dict(item.get('selectors') or {}))
            except KeyError as exc:
                raise OutsideDataError(f'{path}: pages[{i}] has no {exc}') from exc
            if not osp.isfile(page.path):
                raise OutsideDataError(f'{path}: pages[{i}] {page.path} is missing')
            pages.append(page)
    return pages
