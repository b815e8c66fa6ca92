"""Capture pages with headless Debian Chromium (Playwright): screenshot + DOM record.

One :class:`PageCapturer` owns one browser. :meth:`PageCapturer.capture` renders a page at
viewport width 1280 and device scale 1, reads text line boxes, leaf elements and labels with
``extract_dom.js`` and screenshots the top ``max_height`` px of the page (a clip, never the whole
of a 70,000-px page; what lies below is left out of the record and its full height is kept).
The page folder is written atomically (into a hidden temporary folder first, then renamed), so a
killed run never leaves half a page.

What a page may do is bounded: the browser never downloads anything (requests other than
``file:``, ``data:``, ``blob:`` and loopback http(s) are aborted); JavaScript is off for local
files (a saved page is already rendered) and on for URLs of a running server; the main frame may
not navigate away from the source document (a page that tries is not captured, and a page is
never recorded from another document or the browser's error page); dialogs are dismissed and
popups never open; ``load`` is awaited for at most ``load_wait_s`` after ``DOMContentLoaded`` (the
record says whether it fired); and a watchdog kills and restarts the browser when one page takes
longer than the hard limit, e.g. a script that loops forever.
"""
import logging
import os
import os.path as osp
import shutil
import signal
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import urldefrag, urlparse

from PIL import Image

from ..boxes import clip_boxes
from ..page_record import (DOM_NAME, SCREENSHOT_NAME, Element, Label, PageRecord, Style, TextNode,
                           write_json_atomic)
from .html_source import HtmlDecodeError, browser_html, read_html

logger = logging.getLogger('webdet.capture')
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--no-first-run',
                 '--disable-quic', '--disable-default-apps', '--disable-extensions',
                 '--disable-features=OptimizationGuideModelDownloading,'
                 'OptimizationHintsFetching,OptimizationTargetPrediction,'
                 'OptimizationGuideOnDeviceModel,MediaRouter,Translate',
                 '--disable-renderer-backgrounding', '--mute-audio', '--block-new-web-contents')
LOOPBACK_HOSTS = ('localhost', '127.0.0.1', '[::1]', '::1')
EXTRACT_JS = (Path(__file__).parent / 'extract_dom.js').read_text(encoding='utf-8')
STRUCTURED_JS = (Path(__file__).parent / 'structured_labels.js').read_text(encoding='utf-8')
FILL_JS = (Path(__file__).parent / 'fill_slots.js').read_text(encoding='utf-8')
STRUCTURED_ATTRIBUTE = 'data-webdet-structured'
DEFAULT_ITEMPROPS = {'name': 'name', 'price': 'price', 'image': 'image'}


class CaptureError(RuntimeError):
    """A page could not be captured; the message names the page and the reason."""


@dataclass
class CaptureOptions:
    """How pages are rendered and labelled.

    Args:
        viewport_width (int): CSS pixels; the page is rendered at device scale 1.
        viewport_height (int): Initial viewport height.
        timeout_s (float): Limit of each step (loading, reading, the screenshot); the watchdog
            kills the browser when a whole page takes more than ``2 * timeout_s + 10`` s.
        max_height (int): Only the top ``max_height`` px of a page are captured.
        max_width (int, optional): Only the left ``max_width`` px; None = the viewport width.
        javascript (bool, optional): Run the page's scripts. None = off for local files and
            ``file://`` URLs (saved pages are already rendered), on for http(s) URLs.
        load_wait_s (float): How long to wait for ``load`` after ``DOMContentLoaded``; a page
            whose ``load`` never fires is captured as rendered then (``capture.load_complete``
            is False in its record).
        label_attribute (str): Attribute whose value labels an element.
        selectors (dict): ``{label: css selector}`` (the ``--labels`` file).
        itemprops (dict): ``{schema.org itemprop: label}``; empty to ignore itemprop.
        structured (bool): Label from the page's own structured data: schema.org ``Product``
            in JSON-LD or microdata and OpenGraph, matched to the visible element that shows
            the value (``structured_labels.js``), for the classes that no attribute, selector
            or itemprop labelled. The record's ``capture.structured`` says, per class, where
            the value came from and whether an element showed it.
        encoding (str, optional): Force the encoding of local HTML files.
        executable (str): The Chromium binary.
    """
    viewport_width: int = 1280
    viewport_height: int = 800
    timeout_s: float = 30.0
    max_height: int = 4096
    max_width: Optional[int] = None
    javascript: Optional[bool] = None
    load_wait_s: float = 5.0
    label_attribute: str = 'data-webdet-label'
    selectors: Dict[str, str] = field(default_factory=dict)
    itemprops: Dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ITEMPROPS))
    structured: bool = False
    encoding: Optional[str] = None
    executable: str = CHROMIUM


def is_url(source: str) -> bool:
    return urlparse(source).scheme in ('file', 'http', 'https')


def _allowed_request(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ('file', 'data', 'blob', 'about'):
        return True
    return parsed.scheme in ('http', 'https') and parsed.hostname in LOOPBACK_HOSTS


def _browser_pids(marker: str) -> List[int]:
    """Processes whose command line holds ``marker`` (one browser's processes)."""
    pids = []
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open(f'/proc/{name}/cmdline', 'rb') as f:
                if marker.encode() in f.read():
                    pids.append(int(name))
        except OSError:
            continue
    return pids


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
        self._marker = ''
        self._killed = False
        self._session = None  # (context, page, javascript): one tab reused while scripts are off
        self._nav = dict(home='', blocked=[])  # the route handler's view of the current page
        self.restarts = 0

    def __enter__(self) -> 'PageCapturer':
        if not osp.exists(self.options.executable):
            raise CaptureError(f'{self.options.executable} not found: install Debian chromium '
                               '(tools/setup_env.sh does)')
        from playwright.sync_api import sync_playwright
        self._playwright = sync_playwright().start()
        self._launch()
        self._tmp = tempfile.mkdtemp(prefix='webdet-capture-')
        return self

    def _launch(self) -> None:
        # an unknown switch that names this browser's processes for the watchdog
        self._marker = f'--webdet-capture={uuid.uuid4().hex}'
        self._browser = self._playwright.chromium.launch(
            executable_path=self.options.executable, headless=True,
            args=list(CHROMIUM_ARGS) + [self._marker])

    def _kill_browser(self) -> None:
        self._killed = True
        for pid in _browser_pids(self._marker):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def _close_session(self) -> None:
        if self._session is not None:
            try:
                self._session[0].close()
            except Exception:  # the browser was killed
                pass
            self._session = None

    def _restart(self) -> None:
        self._session = None
        try:
            self._browser.close()
        except Exception:  # already dead
            pass
        self._kill_browser()
        self._launch()
        self._killed = False
        self.restarts += 1

    def __exit__(self, *exc) -> None:
        if self._browser is not None:
            try:
                self._browser.close()
            except Exception:  # killed by the watchdog
                pass
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
        if osp.getsize(source) == 0:
            raise CaptureError(f'{source}: empty file')
        try:
            text, _ = read_html(source, self.options.encoding)
        except HtmlDecodeError as exc:
            raise CaptureError(str(exc)) from exc
        base = Path(osp.abspath(source)).parent.as_uri() + '/'
        fd, path = tempfile.mkstemp(suffix='.html', dir=self._tmp)
        with os.fdopen(fd, 'wb') as f:
            f.write(browser_html(text, base))
        return Path(path).as_uri()

    def javascript_for(self, source: str) -> bool:
        """Whether ``source``'s scripts run: the option, else on for http(s) URLs only."""
        if self.options.javascript is not None:
            return self.options.javascript
        return urlparse(source).scheme in ('http', 'https')

    def capture(self, source: str, pages_dir: str, page_id: str, site: str = '',
                fill: Optional[dict] = None) -> PageRecord:
        """Render ``source`` and write ``pages_dir/page_id/{screenshot.png,dom.json}``.

        Args:
            source (str): HTML file path or ``file://`` / ``http://localhost`` URL.
            pages_dir (str): Folder of page folders.
            page_id (str): Name of this page's folder.
            site (str): Site (shop) id stored in the record (splits are made by site).
            fill (dict, optional): Slot contents for a page made from a real template
                (``fill_slots.js``: texts, images and labels by CSS selector), applied once the
                page is loaded. A label whose selector matches nothing fails the capture.

        Returns:
            PageRecord: The record written.

        Raises:
            CaptureError: The file is missing or undecodable, the page tried to navigate away,
                its renderer crashed, a step timed out or the watchdog had to kill the browser
                (which is restarted). Nothing is written then.
        """
        if self._browser is None or not self._browser.is_connected():
            self._restart()
        javascript = self.javascript_for(source)
        hard_limit = 2 * self.options.timeout_s + 10
        watchdog = threading.Timer(hard_limit, self._kill_browser)
        watchdog.daemon = True
        os.makedirs(pages_dir, exist_ok=True)
        tmp_dir = tempfile.mkdtemp(prefix=f'.tmp-{page_id}-', dir=pages_dir)
        ok, url = False, ''
        try:
            url = self._url_for(source)
            watchdog.start()
            page = self._page_for(javascript)
            record = self._render(page, url, source, tmp_dir, page_id, site, javascript, fill)
            final = osp.join(pages_dir, page_id)
            if osp.exists(final):
                shutil.rmtree(final)
            os.replace(tmp_dir, final)
            ok = True
            return record
        except CaptureError:
            raise
        except Exception as exc:  # playwright's errors and timeouts
            if self._killed:
                raise CaptureError(f'{source}: took more than {hard_limit:.0f} s; the browser '
                                   'was killed and restarted') from None
            first = (str(exc).splitlines() or [''])[0]
            raise CaptureError(f'{source}: {type(exc).__name__}: {first}') from None
        finally:
            watchdog.cancel()
            shutil.rmtree(tmp_dir, ignore_errors=True)
            if url.startswith(Path(self._tmp).as_uri()):  # the decoded copy of a local file
                try:
                    os.unlink(urlparse(url).path)
                except OSError:
                    pass
            if not ok or javascript:  # a page whose scripts ran is never reused
                self._close_session()
            if self._killed or not self._browser.is_connected():
                self._restart()

    def _route(self, route) -> None:
        """Abort what a page may not load: other documents in the main frame, the network."""
        request, nav = route.request, self._nav
        if (request.is_navigation_request() and request.frame.parent_frame is None
                and urldefrag(request.url)[0] != nav['home']):
            origin = request.redirected_from
            if (origin is not None and urldefrag(origin.url)[0] == nav['home']
                    and not nav['blocked']):
                nav['home'] = urldefrag(request.url)[0]  # a server's redirect
            else:
                nav['blocked'].append(request.url)
                return route.abort()
        if not _allowed_request(request.url):
            return route.abort()
        return route.continue_()

    def _page_for(self, javascript: bool):
        """A browser tab: the last one while scripts stay off (a new tab costs a renderer
        process, ~0.2-0.4 s a page), else a new context."""
        if self._session is not None and self._session[2] == javascript:
            return self._session[1]
        self._close_session()
        context = self._browser.new_context(
            viewport=dict(width=self.options.viewport_width,
                          height=self.options.viewport_height),
            device_scale_factor=1, service_workers='block', java_script_enabled=javascript)
        self._session = (context, None, javascript)
        context.route('**/*', self._route)
        # popups never open: window.open returns null (--block-new-web-contents backs it up)
        context.add_init_script('window.open = () => null;')
        page = context.new_page()
        page.on('dialog', lambda dialog: dialog.dismiss())
        page.set_default_timeout(self.options.timeout_s * 1000)
        self._session = (context, page, javascript)
        return page

    def _render(self, page, url: str, source: str, tmp_dir: str, page_id: str, site: str,
                javascript: bool, fill: Optional[dict]) -> PageRecord:
        opts = self.options
        timeout_ms = opts.timeout_s * 1000
        # the source document (after a server's redirects) and the navigations blocked
        nav = self._nav = dict(home=urldefrag(url)[0], blocked=[])
        blocked = nav['blocked']
        page.goto(url, wait_until='domcontentloaded', timeout=timeout_ms)
        load_complete = True
        try:
            page.wait_for_load_state('load', timeout=opts.load_wait_s * 1000)
        except Exception:  # noqa: BLE001  (playwright's TimeoutError)
            load_complete = False

        def stay_home(when: str = '') -> None:
            if blocked or urldefrag(page.url)[0] != nav['home']:
                target = blocked[0] if blocked else page.url
                raise CaptureError(f'{source}: the page navigated away to {target[:200]}{when}; '
                                   'not captured (a page is only recorded from its own document)')

        stay_home()
        # fonts that never load: captured as rendered
        _poll(page, 'document.fonts.status === "loaded"', min(opts.timeout_s, 5))
        if fill:
            missing = page.evaluate(FILL_JS, dict(fill, attribute=opts.label_attribute))
            if missing:
                raise CaptureError(f'{source}: no element for the slots of {missing}')
            # an image that never loads: captured as rendered
            _poll(page, 'Array.from(document.images).every((img) => img.complete)',
                  min(opts.timeout_s, 10))
        max_width = opts.max_width or opts.viewport_width
        structured = {}
        if opts.structured:
            structured = page.evaluate(STRUCTURED_JS, dict(attribute=STRUCTURED_ATTRIBUTE))
        raw = page.evaluate(EXTRACT_JS, dict(
            labelAttributes=[opts.label_attribute], selectors=opts.selectors,
            itemprops=opts.itemprops, maxHeight=opts.max_height, maxWidth=max_width,
            fallbackAttribute=STRUCTURED_ATTRIBUTE if opts.structured else None))
        stay_home(' while it was read')
        shot = osp.join(tmp_dir, SCREENSHOT_NAME)
        clip = dict(x=0, y=0, width=max(1, raw['width']), height=max(1, raw['height']))
        page.screenshot(path=shot, clip=clip, full_page=True, timeout=timeout_ms,
                        animations='disabled')
        with Image.open(shot) as im:
            width, height = im.size
        source_url = source if is_url(source) else Path(osp.abspath(source)).as_uri()
        dropped = dict(Counter(item['reason'] for item in raw['dropped_labels']))
        info = dict(javascript=javascript, load_complete=load_complete,
                    clipped=raw['page_height'] > height, dropped_labels=dropped)
        if opts.structured:
            info['structured'] = structured
        record = _to_record(raw, page_id, site, width, height, source_url, info)
        write_json_atomic(osp.join(tmp_dir, DOM_NAME), record.to_dict())
        if dropped:
            logger.warning('%s: %d labels left out (%s)', source, sum(dropped.values()),
                           ', '.join(f'{k}: {v}' for k, v in sorted(dropped.items())))
        return record


def _poll(page, expression: str, timeout_s: float, interval_ms: int = 50) -> bool:
    """Evaluate ``expression`` until it is true or ``timeout_s`` passed (polled from here:
    ``wait_for_function`` polls from inside the page, which needs the page's JavaScript on)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(interval_ms)
    return True


def _to_record(raw: dict, page_id: str, site: str, width: int, height: int,
               url: str, info: dict) -> PageRecord:
    """Page record from the script's output, boxes clipped to the screenshot's size."""
    text_nodes, size = [], (height, width)
    for t in raw['text_nodes']:
        lines = [clip_boxes(b, size) for b in t['lines']]
        lines = [b for b in lines if b[2] > b[0] and b[3] > b[1]]
        if lines:
            text_nodes.append(TextNode(t['text'], clip_boxes(t['box'], size), lines, t['tag'],
                                       Style(**t['style'])))
    elements = [Element(e['tag'], clip_boxes(e['box'], size), e['text'], e['src'], e['alt'],
                        e['label'], Style(**e['style'])) for e in raw['elements']]
    labels = [Label(lab['label'], clip_boxes(lab['box'], size), lab['element'])
              for lab in raw['labels']]
    record = PageRecord(page_id=page_id, width=width, height=height, url=url, site=site,
                        text_nodes=text_nodes, elements=elements, labels=labels,
                        page_height=int(raw['page_height']), capture=info)
    record.validate(page_id)
    return record
