"""The page record: the one definition of what a captured page is (see docs/data_format.md).

A page folder holds ``screenshot.png`` (full page, device scale 1) and ``dom.json``::

    {"format": "webdet-page/1", "page_id": "shop03_p0007", "url": "file:///...",
     "site": "shop03", "width": 1280, "height": 2210,
     "text_nodes": [{"text": "Acme kettle", "box": [x1, y1, x2, y2],
                     "lines": [[x1, y1, x2, y2], ...], "tag": "h1", "style": {...}}, ...],
     "elements":   [{"tag": "span", "box": [...], "text": "$12.99", "src": null, "alt": null,
                     "label": "price", "style": {...}}, ...],
     "labels":     [{"label": "price", "box": [...], "element": 17}, ...],
     "page_height": 41200,
     "capture": {"javascript": false, "load_complete": true, ...}}

Boxes are ``[x1, y1, x2, y2]`` in page pixels. ``elements`` are the visible leaf elements (DOM
candidates); ``labels`` point into them. ``style`` is the computed style of the text node's parent
element or of the element (:class:`Style`); records of format ``webdet-page/1`` (captured before
styles were recorded) have none and still load. ``height`` is the screenshot's (a page taller
than the capture's ``max_height`` is captured down to it); ``page_height`` is the whole
document's, and ``capture`` says how the page was captured (JavaScript, whether ``load`` fired,
labels dropped).
Every reader goes through :func:`load_page_record`, which validates and raises
:class:`PageRecordError` naming the file.
"""
import json
import math
import os
import os.path as osp
import tempfile
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional, Sequence

FORMAT = 'webdet-page/2'
FORMAT_V1 = 'webdet-page/1'  # the same record without styles: read, and written for such records
FORMATS = (FORMAT_V1, FORMAT)
CONTEXT_TAGS = ('h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'button', 'label')
SCREENSHOT_NAME = 'screenshot.png'
DOM_NAME = 'dom.json'
Box = List[float]


class PageRecordError(ValueError):
    """A page record (or its screenshot) is missing or malformed; the message names the file."""


@dataclass
class Style:
    """The computed style a text node's parent element or a leaf element is rendered with.

    Args:
        font_size (float): CSS px.
        font_weight (int): 100-900 (``bold`` is 700).
        strike (bool): Struck through (``line-through`` on it or an ancestor, or inside
            ``s``/``del``/``strike``).
        contrast (float): WCAG contrast ratio (1-21) of its colour against the first background
            at least half opaque behind it (white when none).
        context (str, optional): Tag of the nearest heading / link / button / ``label``
            (itself included): one of :data:`CONTEXT_TAGS`, else None.
    """
    font_size: float = 16.0
    font_weight: int = 400
    strike: bool = False
    contrast: float = 21.0
    context: Optional[str] = None


@dataclass
class TextNode:
    """One visible DOM text node: its text, union box, one box per rendered line, its parent's
    tag and style."""
    text: str
    box: Box
    lines: List[Box] = field(default_factory=list)
    tag: str = ''
    style: Optional[Style] = None


@dataclass
class Element:
    """One visible leaf element (a DOM candidate)."""
    tag: str
    box: Box
    text: str = ''
    src: Optional[str] = None
    alt: Optional[str] = None
    label: Optional[str] = None
    style: Optional[Style] = None


@dataclass
class Label:
    """A labelled element: class name, box and index into ``elements``."""
    label: str
    box: Box
    element: int = -1


@dataclass
class PageRecord:
    """Everything the dataset, extraction and tests need to know about one captured page."""
    page_id: str
    width: int
    height: int
    url: str = ''
    site: str = ''
    text_nodes: List[TextNode] = field(default_factory=list)
    elements: List[Element] = field(default_factory=list)
    labels: List[Label] = field(default_factory=list)
    page_height: int = 0
    capture: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.page_height:
            self.page_height = self.height

    @property
    def has_styles(self) -> bool:
        """Whether every text node and element has its style (a ``webdet-page/2`` capture)."""
        return all(item.style is not None for item in self.text_nodes + self.elements)

    def to_dict(self) -> Dict[str, Any]:
        return dict(format=FORMAT if self.has_styles else FORMAT_V1, **asdict(self))

    @classmethod
    def from_dict(cls, data: Dict[str, Any], source: str = '<dict>') -> 'PageRecord':
        """Build and validate a record; ``source`` names the file in error messages."""
        if not isinstance(data, dict):
            raise PageRecordError(f'{source}: expected a JSON object, got {type(data).__name__}')
        if data.get('format', FORMAT_V1) not in FORMATS:
            raise PageRecordError(f'{source}: unknown format {data.get("format")!r}, '
                                  f'expected one of {FORMATS}')
        try:
            width, height = int(data['width']), int(data['height'])
            record = cls(
                page_id=str(data['page_id']),
                width=width,
                height=height,
                url=str(data.get('url', '')),
                site=str(data.get('site', '')),
                text_nodes=[TextNode(str(t['text']), _box(t['box']),
                                     [_box(b) for b in t.get('lines', [])],
                                     str(t.get('tag', '')), _style(t.get('style')))
                            for t in data.get('text_nodes', [])],
                elements=[Element(str(e['tag']), _box(e['box']), str(e.get('text', '')),
                                  e.get('src'), e.get('alt'), e.get('label'),
                                  _style(e.get('style')))
                          for e in data.get('elements', [])],
                labels=[Label(str(lab['label']), _box(lab['box']), int(lab.get('element', -1)))
                        for lab in data.get('labels', [])],
                page_height=int(data.get('page_height') or height),
                capture=dict(data.get('capture') or {}),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise PageRecordError(f'{source}: malformed page record ({exc!r})') from exc
        record.validate(source)
        return record

    def validate(self, source: str = '<record>') -> None:
        """Check sizes and boxes; raise :class:`PageRecordError` naming ``source``."""
        if self.width <= 0 or self.height <= 0:
            raise PageRecordError(f'{source}: page size {self.width}x{self.height} is empty')
        for kind, items in (('text_nodes', self.text_nodes), ('elements', self.elements),
                            ('labels', self.labels)):
            for i, item in enumerate(items):
                check_box(item.box, f'{source}: {kind}[{i}]')
        for i, lab in enumerate(self.labels):
            if not -1 <= lab.element < len(self.elements):
                raise PageRecordError(f'{source}: labels[{i}] points to element {lab.element}, '
                                      f'but there are {len(self.elements)} elements')


def _style(value: Optional[Dict[str, Any]]) -> Optional[Style]:
    if value is None:
        return None
    style = Style(float(value['font_size']), int(value['font_weight']), bool(value['strike']),
                  float(value['contrast']), value.get('context'))
    if not (math.isfinite(style.font_size) and math.isfinite(style.contrast)):
        raise ValueError(f'style {value!r} is not finite')
    if style.context is not None and style.context not in CONTEXT_TAGS:
        raise ValueError(f'style context {style.context!r} is not one of {CONTEXT_TAGS}')
    return style


def _box(value: Sequence[Any]) -> Box:
    if len(value) != 4:
        raise ValueError(f'box {value!r} does not have 4 numbers')
    return [float(v) for v in value]


def check_box(box: Sequence[float], where: str) -> None:
    """Raise :class:`PageRecordError` unless ``box`` is finite with ``x1 <= x2, y1 <= y2``."""
    if not all(math.isfinite(v) for v in box):
        raise PageRecordError(f'{where}: box {list(box)} is not finite')
    if box[2] < box[0] or box[3] < box[1]:
        raise PageRecordError(f'{where}: box {list(box)} has x2 < x1 or y2 < y1')


def load_page_record(path: str) -> PageRecord:
    """Read and validate ``dom.json`` (or a page folder holding one).

    Raises:
        PageRecordError: Missing file, invalid UTF-8 or JSON, or an invalid record.
    """
    if osp.isdir(path):
        path = osp.join(path, DOM_NAME)
    if not osp.isfile(path):
        raise PageRecordError(f'{path}: DOM record not found')
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except UnicodeDecodeError as exc:
        raise PageRecordError(f'{path}: not UTF-8 ({exc})') from exc
    except json.JSONDecodeError as exc:
        raise PageRecordError(f'{path}: malformed JSON ({exc})') from exc
    return PageRecord.from_dict(data, source=path)


def write_json_atomic(path: str, data: Any) -> None:
    """Write JSON through a temporary file and ``os.replace``: never a half-written file."""
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix='.tmp-', suffix='.json', dir=folder)
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        if osp.exists(tmp):
            os.unlink(tmp)
        raise
