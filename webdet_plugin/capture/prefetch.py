"""Capture pages in a background thread, a few pages ahead of whoever consumes them.

Extraction alternates capture (Chromium, in its own processes) and the model (torch, in this
one). :func:`prefetch_captures` overlaps them: while the model runs on page ``k``, the browser
renders page ``k + 1``. One browser serves the whole batch; a page that fails to capture is
reported and the batch goes on.
"""
import os.path as osp
import queue
import threading
import time
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from .batch import CaptureJob
from .coco_split import is_page_dir
from .page_capture import CaptureError, CaptureOptions, PageCapturer

_DONE = object()


@dataclass
class CapturedPage:
    """One job's outcome: its page folder, or the reason it has none.

    Args:
        job (CaptureJob): The job.
        page_dir (str, optional): The captured page folder (the job's own folder when its
            source already was one); None when capturing failed.
        seconds (float): Time spent capturing it (0 for a folder captured before).
        error (str, optional): Why capturing failed.
    """
    job: CaptureJob
    page_dir: Optional[str]
    seconds: float = 0.0
    error: Optional[str] = None


class _Failure:
    """The browser could not start: raised again in the consumer's thread."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def prefetch_captures(jobs: Iterable[CaptureJob], pages_dir: str, options: CaptureOptions,
                      ahead: int = 1) -> Iterator[CapturedPage]:
    """Capture ``jobs`` in a background thread, at most ``ahead`` pages ahead of the consumer.

    Jobs whose source is a captured page folder are passed through without starting a browser.
    Pages come out in job order. Closing the iterator early stops the thread (after the page
    it is rendering) and closes the browser.

    Args:
        jobs (Iterable[CaptureJob]): What to capture (``fill`` and ``site`` are honoured).
        pages_dir (str): Folder that receives the page folders.
        options (CaptureOptions): Rendering options (e.g. ``max_height`` = the model's window).
        ahead (int): Captured pages kept waiting for the consumer. Defaults to 1.

    Yields:
        CapturedPage: One per job.

    Raises:
        CaptureError: The browser could not be started (e.g. Chromium is not installed).
    """
    results: 'queue.Queue' = queue.Queue(maxsize=max(1, ahead))
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                results.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        capturer = None
        try:
            for job in jobs:
                if stop.is_set():
                    break
                if is_page_dir(job.source):
                    item = CapturedPage(job, job.source)
                else:
                    if capturer is None:
                        capturer = PageCapturer(options).__enter__()
                    start = time.perf_counter()
                    try:
                        capturer.capture(job.source, pages_dir, job.page_id, job.site, job.fill)
                        item = CapturedPage(job, osp.join(pages_dir, job.page_id),
                                            time.perf_counter() - start)
                    except CaptureError as exc:
                        item = CapturedPage(job, None, time.perf_counter() - start, str(exc))
                    except Exception as exc:  # a broken page must not end the batch
                        item = CapturedPage(job, None, time.perf_counter() - start,
                                            f'{job.source}: {type(exc).__name__}: {exc}')
                if not put(item):
                    break
        except BaseException as exc:  # the browser did not start: the consumer raises it
            put(_Failure(exc))
        finally:
            if capturer is not None:
                capturer.__exit__(None, None, None)
            put(_DONE)

    thread = threading.Thread(target=work, name='webdet-capture', daemon=True)
    thread.start()
    try:
        while True:
            item = results.get()
            if item is _DONE:
                break
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                results.get(timeout=0.1)
            except queue.Empty:
                pass
        thread.join()
