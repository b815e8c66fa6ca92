"""Page capture with headless Debian Chromium; knows the page record, not mmdet or torch."""
from .batch import CaptureJob, CaptureSummary, capture_pages, expand_sources, page_id_for
from .coco_split import (DEFAULT_CLASSES, SPLITS, assign_splits, build_coco, is_page_dir,
                         split_by_site, write_coco)
from .html_source import HtmlDecodeError, browser_html, read_html, sniff_encoding
from .page_capture import CaptureError, CaptureOptions, PageCapturer
from .prefetch import CapturedPage, prefetch_captures

__all__ = [
    'CaptureJob', 'CaptureSummary', 'capture_pages', 'expand_sources', 'page_id_for',
    'DEFAULT_CLASSES', 'SPLITS', 'assign_splits', 'build_coco', 'is_page_dir', 'split_by_site',
    'write_coco', 'HtmlDecodeError', 'browser_html', 'read_html', 'sniff_encoding',
    'CaptureError', 'CaptureOptions', 'PageCapturer', 'CapturedPage', 'prefetch_captures'
]
