"""Capture pages with headless Debian Chromium (Playwright): screenshot + DOM record.

One :class:`PageCapturer` owns one browser. :meth:`PageCapturer.capture` renders a page at
viewport width 1280 and device scale 1, reads text line boxes, leaf elements and labels with
``extract_dom.js``, takes a full-page screenshot and writes the page folder atomically (into a
hidden temporary folder first, then renamed), so a killed run never leaves half a page.
The browser never downloads anything: requests other than ``file:``, ``data:``, ``blob:`` and
loopback http(s) are aborted.
"""
import os
import os.path as osp
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional
from urllib.parse import urlparse

from PIL import Image

from ..page_record import (DOM_NAME, SCREENSHOT_NAME, Element, Label, PageRecord, TextNode,
                           write_json_atomic)
from .html_source import HtmlDecodeError, browser_html, read_html

CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--no-first-run',
                 '--disable-quic')
LOOPBACK_HOSTS = ('localhost', '127.0.0.1', '[::1]', '::1')
EXTRACT_JS = (Path(__file__).parent / 'extract_dom.js').read_text(encoding='utf-8')
DEFAULT_ITEMPROPS = {'name': 'name', 'price': 'price', 'image': 'image'}


class CaptureError(RuntimeError):
    """A page could not be captured; the message names the page."""


@dataclass
class CaptureOptions:
    """How pages are rendered and labelled.

    Args:
        viewport_width (int): CSS pixels; the page is rendered at device scale 1.
        viewport_height (int): Initial viewport height (the screenshot is full-page).
        timeout_s (float): Per-page limit for loading, reading and the screenshot.
        max_height (int): Taller pages are refused with a :class:`CaptureError`.
        label_attribute (str): Attribute whose value labels an element.
        selectors (dict): ``{label: css selector}`` (the ``--labels`` file).
        itemprops (dict): ``{schema.org itemprop: label}``; empty to ignore itemprop.
        encoding (str, optional): Force the encoding of local HTML files.
        executable (str): The Chromium binary.
    """
    viewport_width: int = 1280
    viewport_height: int = 800
    timeout_s: float = 30.0
    max_height: int = 16384
    label_attribute: str = 'data-webdet-label'
    selectors: Dict[str, str] = field(default_factory=dict)
    itemprops: Dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ITEMPROPS))
    encoding: Optional[str] = None
    executable: str = CHROMIUM


def is_url(source: str) -> bool:
    return urlparse(source).scheme in ('file', 'http', 'https')


def _allowed_request(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ('file', 'data', 'blob', 'about'):
        return True
    return parsed.scheme in ('http', 'https') and parsed.hostname in LOOPBACK_HOSTS


class PageCapturer:
    """A headless Chromium that turns HTML files or URLs into page folders.

    Use as a context manager::

        with PageCapturer(CaptureOptions()) as cap:
            record = cap.capture('shop/page.html', 'data/mine/pages', 'page_0001')
    """

    def __init__(self, options: Optional[CaptureOptions] = None) -> None:
        self.options = options or CaptureOptions()
        self._playwright = None
        self._browser = None
        self._tmp = None

    def __enter__(self) -> 'PageCapturer':
        if not osp.exists(self.options.executable):
            raise CaptureError(f'{self.options.executable} not found: install Debian chromium '
                               '(tools/setup_env.sh does)')
        from playwright.sync_api import sync_playwright
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=self.options.executable, args=list(CHROMIUM_ARGS), headless=True)
        self._tmp = tempfile.mkdtemp(prefix='webdet-capture-')
        return self

    def __exit__(self, *exc) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def _url_for(self, source: str) -> str:
        if is_url(source):
            parsed = urlparse(source)
            if parsed.scheme in ('http', 'https') and parsed.hostname not in LOOPBACK_HOSTS:
                raise CaptureError(f'{source}: only file:// and http://localhost URLs are '
                                   'captured (this machine has no other network)')
            if parsed.scheme != 'file':
                return source
            source = parsed.path
        if not osp.isfile(source):
            raise CaptureError(f'{source}: no such HTML file')
        try:
            text, _ = read_html(source, self.options.encoding)
        except HtmlDecodeError as exc:
            raise CaptureError(str(exc)) from exc
        base = Path(osp.abspath(source)).parent.as_uri() + '/'
        fd, path = tempfile.mkstemp(suffix='.html', dir=self._tmp)
        with os.fdopen(fd, 'wb') as f:
            f.write(browser_html(text, base))
        return Path(path).as_uri()

    def capture(self, source: str, pages_dir: str, page_id: str, site: str = '') -> PageRecord:
        """Render ``source`` and write ``pages_dir/page_id/{screenshot.png,dom.json}``.

        Args:
            source (str): HTML file path or ``file://`` / ``http://localhost`` URL.
            pages_dir (str): Folder of page folders.
            page_id (str): Name of this page's folder.
            site (str): Site (shop) id stored in the record (splits are made by site).

        Returns:
            PageRecord: The record written.

        Raises:
            CaptureError: Loading, reading or the screenshot failed or timed out, or the page is
                taller than ``max_height``. Nothing is written then.
        """
        opts = self.options
        timeout_ms = opts.timeout_s * 1000
        url = self._url_for(source)
        context = self._browser.new_context(
            viewport=dict(width=opts.viewport_width, height=opts.viewport_height),
            device_scale_factor=1, service_workers='block')
        context.route('**/*', lambda route: route.continue_()
                      if _allowed_request(route.request.url) else route.abort())
        os.makedirs(pages_dir, exist_ok=True)
        tmp_dir = tempfile.mkdtemp(prefix=f'.tmp-{page_id}-', dir=pages_dir)
        try:
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            page.goto(url, wait_until='load', timeout=timeout_ms)
            page.evaluate('document.fonts.ready.then(() => true)')
            raw = page.evaluate(EXTRACT_JS, dict(
                labelAttribute=opts.label_attribute, selectors=opts.selectors,
                itemprops=opts.itemprops))
            if raw['height'] > opts.max_height:
                raise CaptureError(f'{source}: page is {raw["height"]} px tall, more than '
                                   f'max_height={opts.max_height}; skipped')
            shot = osp.join(tmp_dir, SCREENSHOT_NAME)
            page.screenshot(path=shot, full_page=True, timeout=timeout_ms)
            with Image.open(shot) as im:
                width, height = im.size
            source_url = source if is_url(source) else Path(osp.abspath(source)).as_uri()
            record = _to_record(raw, page_id, site, width, height, source_url)
            write_json_atomic(osp.join(tmp_dir, DOM_NAME), record.to_dict())
            final = osp.join(pages_dir, page_id)
            if osp.exists(final):
                shutil.rmtree(final)
            os.replace(tmp_dir, final)
            return record
        except CaptureError:
            raise
        except Exception as exc:  # playwright's errors and timeouts
            raise CaptureError(f'{source}: {type(exc).__name__}: {str(exc).splitlines()[0]}')
        finally:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            context.close()


def _clip(box, width: int, height: int):
    return [min(max(box[0], 0), width), min(max(box[1], 0), height),
            min(max(box[2], 0), width), min(max(box[3], 0), height)]


def _to_record(raw: dict, page_id: str, site: str, width: int, height: int,
               url: str) -> PageRecord:
    """Page record from the script's output, boxes clipped to the screenshot's size."""
    text_nodes = []
    for t in raw['text_nodes']:
        lines = [_clip(b, width, height) for b in t['lines']]
        lines = [b for b in lines if b[2] > b[0] and b[3] > b[1]]
        if lines:
            text_nodes.append(TextNode(t['text'], _clip(t['box'], width, height), lines))
    elements = [Element(e['tag'], _clip(e['box'], width, height), e['text'], e['src'], e['alt'],
                        e['label']) for e in raw['elements']]
    labels = [Label(lab['label'], _clip(lab['box'], width, height), lab['element'])
              for lab in raw['labels']]
    record = PageRecord(page_id=page_id, width=width, height=height, url=url, site=site,
                        text_nodes=text_nodes, elements=elements, labels=labels)
    record.validate(page_id)
    return record
