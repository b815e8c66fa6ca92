"""Capture ahead of the consumer in a background thread (real Chromium)."""
import os.path as osp
import threading

import pytest

from webdet_plugin.capture import CaptureError, CaptureJob, CaptureOptions, prefetch_captures

FIXTURES = osp.join(osp.dirname(osp.dirname(__file__)), 'fixtures')
pytestmark = pytest.mark.skipif(not osp.exists('/usr/bin/chromium'),
                                reason='Debian chromium is not installed (tools/setup_env.sh)')


def fixture(name):
    return osp.join(FIXTURES, name)


def capture_threads():
    return [t for t in threading.enumerate() if t.name == 'webdet-capture']


def test_pages_come_in_job_order_failures_included(tmp_path):
    done = tmp_path / 'done'
    list(prefetch_captures([CaptureJob(fixture('empty_text.html'), 'done')], str(tmp_path),
                           CaptureOptions()))
    jobs = [CaptureJob(fixture('product.html'), 'p1', site='s'),
            CaptureJob(fixture('missing.html'), 'missing'),
            CaptureJob(str(done), 'done_again'),  # a captured page folder: used as it is
            CaptureJob(fixture('tall.html'), 'p2')]
    pages = list(prefetch_captures(jobs, str(tmp_path / 'out'), CaptureOptions(max_height=600),
                                   ahead=2))
    assert [p.job.page_id for p in pages] == ['p1', 'missing', 'done_again', 'p2']
    assert pages[0].page_dir == str(tmp_path / 'out' / 'p1') and pages[0].seconds > 0
    assert pages[1].page_dir is None and 'no such HTML file' in pages[1].error
    assert pages[2].page_dir == str(done) and pages[2].seconds == 0 and pages[2].error is None
    assert osp.isfile(osp.join(pages[3].page_dir, 'dom.json'))
    assert not capture_threads()


def test_closing_early_stops_the_thread(tmp_path):
    jobs = [CaptureJob(fixture('product.html'), f'p{i}') for i in range(6)]
    pages = prefetch_captures(jobs, str(tmp_path), CaptureOptions(), ahead=1)
    first = next(pages)
    assert first.error is None
    pages.close()
    assert not capture_threads()
    # at most the page in the queue and the one being rendered were captured after the first
    assert len(list(tmp_path.iterdir())) <= 3


def test_no_browser_is_an_error_in_the_consumer(tmp_path):
    jobs = [CaptureJob(fixture('product.html'), 'p1')]
    with pytest.raises(CaptureError, match='/nonexistent/chromium not found'):
        list(prefetch_captures(jobs, str(tmp_path),
                               CaptureOptions(executable='/nonexistent/chromium')))
    assert not capture_threads()
