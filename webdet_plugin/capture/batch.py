"""Capture many pages, in parallel browser processes, with progress and a failure log.

A batch is resumable: pages whose folder already holds a valid record and screenshot are not
captured again (unless ``overwrite``), and temporary folders left by a killed run are removed.
"""
import glob
import logging
import os
import os.path as osp
import re
import shutil
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Iterable, List, Optional, Tuple

from tqdm import tqdm

from .coco_split import is_page_dir
from .page_capture import CaptureError, CaptureOptions, PageCapturer, is_url

logger = logging.getLogger('webdet.capture')


@dataclass
class CaptureJob:
    """One page to capture: where from, its folder name, its site (shop) id and slot contents
    for a page made from a template (see :meth:`PageCapturer.capture`)."""
    source: str
    page_id: str
    site: str = ''
    fill: Optional[dict] = None


@dataclass
class CaptureSummary:
    """What a batch did.

    ``captured`` lists every page id that has a page folder at the end, in job order (also those
    already there, which ``kept`` lists again); ``failed`` holds ``(source, reason)``.
    """
    captured: List[str] = field(default_factory=list)
    failed: List[Tuple[str, str]] = field(default_factory=list)
    kept: List[str] = field(default_factory=list)


def page_id_for(source: str, root: Optional[str] = None) -> str:
    """A folder-safe page id from a file path (relative to ``root``) or a URL."""
    if is_url(source):
        text = re.sub(r'^[a-z]+://', '', source)
    else:
        text = osp.relpath(source, root) if root else osp.basename(source)
        text = osp.splitext(text)[0]
    return re.sub(r'[^A-Za-z0-9_.-]+', '_', text).strip('._') or 'page'


def expand_sources(inputs: Iterable[str]) -> List[CaptureJob]:
    """HTML files, folders of them (recursively) and URLs → jobs with unique page ids."""
    jobs, used = [], set()
    for item in inputs:
        if is_url(item):
            found = [(item, None)]
        elif osp.isdir(item):
            found = [(p, item) for p in _html_files(item)]
        elif osp.isfile(item):
            found = [(item, None)]
        else:
            raise FileNotFoundError(f'{item}: no such file, folder or URL')
        for src, root in found:
            pid = base = page_id_for(src, root)
            n = 1
            while pid in used:
                n += 1
                pid = f'{base}_{n}'
            used.add(pid)
            jobs.append(CaptureJob(src, pid))
    return jobs


def _html_files(folder: str) -> List[str]:
    files = glob.glob(osp.join(folder, '**', '*.htm*'), recursive=True)
    return sorted(f for f in files if f.lower().endswith(('.html', '.htm')))


_worker: Optional[PageCapturer] = None


def _die_with_parent() -> None:
    """Linux: a killed batch (``kill -9`` of the tool) takes its worker processes with it."""
    try:
        import ctypes
        ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers end when their queue breaks
        pass


def _init_worker(options: CaptureOptions) -> None:
    global _worker
    _die_with_parent()
    _worker = PageCapturer(options).__enter__()


def _run(job: CaptureJob, pages_dir: str) -> Tuple[str, Optional[str]]:
    try:
        _worker.capture(job.source, pages_dir, job.page_id, job.site, job.fill)
        return job.page_id, None
    except CaptureError as exc:
        return job.page_id, str(exc)
    except Exception as exc:  # a broken page must not stop the batch; the reason is kept
        return job.page_id, f'{job.source}: {type(exc).__name__}: {exc}'


def remove_stale_temporaries(pages_dir: str) -> int:
    """Remove the ``.tmp-*`` folders and files a killed run left in ``pages_dir``."""
    stale = glob.glob(osp.join(pages_dir, '.tmp-*'))
    for path in stale:
        if osp.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass
    return len(stale)


def capture_pages(jobs: List[CaptureJob], pages_dir: str, options: CaptureOptions,
                  workers: int = 1, progress: bool = True,
                  overwrite: bool = False) -> CaptureSummary:
    """Capture every job; failures are logged and skipped while the rest go on.

    Args:
        jobs (list[CaptureJob]): What to capture.
        pages_dir (str): Folder receiving one folder per page.
        options (CaptureOptions): Rendering and labelling options.
        workers (int): Browser processes. Defaults to 1 (in this process).
        progress (bool): Show a progress bar.
        overwrite (bool): Capture pages again whose folder is already complete. By default they
            are kept, so running a killed batch again finishes it.

    Returns:
        CaptureSummary: Captured ids (in job order, kept ones included) and failures.
    """
    summary = CaptureSummary()
    results = {}
    os.makedirs(pages_dir, exist_ok=True)
    removed = remove_stale_temporaries(pages_dir)
    if removed:
        logger.info('%s: removed %d temporary folders of an interrupted run', pages_dir, removed)
    if not overwrite:
        summary.kept = [job.page_id for job in jobs
                        if is_page_dir(osp.join(pages_dir, job.page_id), complete=True)]
        results.update({pid: None for pid in summary.kept})
    todo = [job for job in jobs if job.page_id not in results]
    bar = tqdm(total=len(todo), desc='capture', unit='page', disable=not progress)
    by_id = {job.page_id: job for job in todo}
    if todo and workers <= 1:
        global _worker
        with PageCapturer(options) as cap:
            _worker = cap
            for job in todo:
                pid, err = _run(job, pages_dir)
                results[pid] = err
                _report(by_id[pid], err, bar)
        _worker = None
    elif todo:
        with ProcessPoolExecutor(workers, mp_context=get_context('spawn'),
                                 initializer=_init_worker, initargs=(options, )) as pool:
            futures = [pool.submit(_run, job, pages_dir) for job in todo]
            for fut in as_completed(futures):
                pid, err = fut.result()
                results[pid] = err
                _report(by_id[pid], err, bar)
    bar.close()
    for job in jobs:
        if results.get(job.page_id) is None:
            summary.captured.append(job.page_id)
        else:
            summary.failed.append((job.source, results[job.page_id]))
    return summary


def _report(job: CaptureJob, err: Optional[str], bar: tqdm) -> None:
    bar.update(1)
    if err is not None:
        logger.warning('skipped: %s', err)
