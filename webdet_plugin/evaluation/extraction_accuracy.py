"""How often extraction names the labelled element: per class, over the pages of a split."""
import json
import os.path as osp
import time
from typing import Callable, Dict, Optional

from tqdm import tqdm

from ..page_record import Label, PageRecord, load_page_record


def norm_text(text: str) -> str:
    """Whitespace-normalised and case-folded: an element's text is rendered (CSS
    ``text-transform`` applied), the text nodes that extraction returns keep the source."""
    return ' '.join((text or '').split()).casefold()


def is_right(entry: Optional[dict], label: Label, record: PageRecord) -> bool:
    """Does an extraction entry (or None) name the labelled element of ``record``?

    Text classes must give the labelled element's text (whitespace and case aside), images the
    labelled ``img`` (same ``src`` and box).

    Args:
        entry (dict, optional): One entry of :meth:`PageExtractor.extract_page_dir`'s
            ``results[class]`` (``element``, ``text``...).
        label (Label): The page's label of that class.
        record (PageRecord): The page.
    """
    if not entry or entry.get('element') is None:
        return False
    truth = record.elements[label.element] if label.element >= 0 else None
    got = entry['element']
    if label.label == 'image' or (truth is not None and truth.src):
        return truth is not None and got['src'] == truth.src and got['box'] == truth.box
    want = truth.text if truth is not None else ''
    return bool(norm_text(want)) and norm_text(entry['text']) == norm_text(want)


def score_page(result: dict, record: PageRecord, right: Dict[str, int],
               total: Dict[str, int]) -> None:
    """Count each labelled class of ``record`` in ``total`` and, when ``result``'s best entry
    for it names the labelled element, in ``right`` (a class without an entry is wrong)."""
    for label in record.labels:
        entries = result['results'].get(label.label) or [None]
        total[label.label] = total.get(label.label, 0) + 1
        right[label.label] = right.get(label.label, 0) + is_right(entries[0], label, record)


def extraction_accuracy(extract: Callable[[str], dict], data_root: str, split: str = 'test',
                        max_pages: Optional[int] = None, progress: bool = True) -> dict:
    """Run ``extract`` on every captured page of a split and score its best entry per class.

    Args:
        extract (callable): Page folder -> extraction result (``results[class]`` lists, best
            first), e.g. :meth:`PageExtractor.extract_page_dir`.
        data_root (str): Dataset folder (``pages/`` and ``annotations/``).
        split (str): Split file name. Defaults to 'test'.
        max_pages (int, optional): Only the first pages of the split.
        progress (bool): Show a progress bar.

    Returns:
        dict: ``pages``, ``seconds_per_page`` (``extract`` alone), ``accuracy`` (class ->
        fraction), ``right`` and ``total`` (class -> count) and ``mean``. A labelled class
        without an entry counts as wrong.
    """
    ann = osp.join(data_root, 'annotations', f'{split}.json')
    with open(ann, encoding='utf-8') as f:
        images = json.load(f)['images'][:max_pages]
    right: Dict[str, int] = {}
    total: Dict[str, int] = {}
    seconds = 0.0
    for img in tqdm(images, desc='eval', unit='page', disable=not progress):
        record = load_page_record(osp.join(data_root, img['dom_file']))
        t0 = time.perf_counter()
        result = extract(osp.join(data_root, osp.dirname(img['dom_file'])))
        seconds += time.perf_counter() - t0
        score_page(result, record, right, total)
    accuracy = {c: right[c] / total[c] for c in total}
    return dict(pages=len(images), seconds_per_page=seconds / max(len(images), 1),
                accuracy=accuracy, right=right, total=total,
                mean=sum(accuracy.values()) / max(len(accuracy), 1))
