"""Hostile pages (tests/fixtures/hostile): each is captured or fails with a one-line reason."""
import os
import os.path as osp
import shutil
import socket
import threading

import pytest

from webdet_plugin.capture import (CaptureError, CaptureJob, CaptureOptions, PageCapturer,
                                   capture_pages)

HOSTILE = osp.join(osp.dirname(osp.dirname(__file__)), 'fixtures', 'hostile')
pytestmark = pytest.mark.skipif(not osp.exists('/usr/bin/chromium'),
                                reason='Debian chromium is not installed (tools/setup_env.sh)')


@pytest.fixture(scope='module')
def pages(tmp_path_factory):
    """The fixtures, plus the pages too large to keep in the repository, in one folder."""
    folder = tmp_path_factory.mktemp('hostile')
    for name in os.listdir(HOSTILE):
        shutil.copy(osp.join(HOSTILE, name), folder / name)
    (folder / 'many_text_nodes.html').write_text(
        '<!doctype html><html><body><h1 data-webdet-label="name">Wordy kettle</h1><div>' +
        ''.join(f'<span>w{i} </span>' for i in range(30000)) + '</div></body></html>')
    (folder / 'nested_divs.html').write_text(
        '<!doctype html><html><body><h1 data-webdet-label="name">Deep kettle</h1>' +
        '<div>' * 5000 + 'the bottom of 5000 divs' + '</div>' * 5000 + '</body></html>')
    # a loopback server that accepts and never answers: the page's load event never fires
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(8)
    held = []
    threading.Thread(target=lambda: held.extend(server.accept() for _ in range(8)),
                     daemon=True).start()
    html = (folder / 'never_loads.html').read_text()
    (folder / 'never_loads.html').write_text(html.replace('PORT', str(server.getsockname()[1])))
    yield folder
    server.close()


@pytest.fixture(scope='module')
def capturer():
    # one browser (Playwright's sync API runs one per thread); tests set options.javascript
    with PageCapturer(CaptureOptions(timeout_s=3, load_wait_s=1)) as cap:
        yield cap


@pytest.fixture
def no_js(capturer):
    capturer.options.javascript = False
    yield capturer
    capturer.options.javascript = None


@pytest.fixture
def with_js(capturer):
    capturer.options.javascript = True
    yield capturer
    capturer.options.javascript = None


def texts(record):
    return ' '.join(t.text for t in record.text_nodes)


# name -> what the record must show; saved pages are captured with JavaScript off (the default)
CAPTURED = {
    'infinite_loop': lambda r: 'Looping kettle' in texts(r),
    'late_loop': lambda r: [lab.label for lab in r.labels] == ['name'],
    'dialogs': lambda r: 'Dialog kettle' in texts(r),
    'script_redirect': lambda r: 'Redirecting kettle' in texts(r),
    'meta_refresh': lambda r: [lab.label for lab in r.labels] == ['name'],
    'form_submit': lambda r: 'Form kettle' in texts(r),
    'popups': lambda r: 'Popup kettle' in texts(r),
    'self_iframe': lambda r: 'Nesting kettle' in texts(r),
    'renderer_oom': lambda r: 'Greedy kettle' in texts(r),
    'nested_script': lambda r: 'Scripted deep kettle' in texts(r),
    'nested_divs': lambda r: 'the bottom of 5000 divs' in texts(r),
    'rtl_emoji': lambda r: '🫖' in texts(r) and len(r.labels) == 2,
    'very_tall': lambda r: (r.height, r.capture['clipped'], r.capture['dropped_labels'],
                            r.page_height > 200000) == (4096, True, {'outside': 1}, True),
    'many_text_nodes': lambda r: r.height == 4096 and len(r.text_nodes) > 1000 and all(
        t.box[3] <= 4096 for t in r.text_nodes),
    'huge_image': lambda r: ((r.width, r.height), sorted(lab.label for lab in r.labels)) == (
        (1280, 4096), ['image', 'name']),
    'hidden_labels': lambda r: r.capture['dropped_labels'] == {
        'hidden': 2, 'zero-size': 1, 'outside': 1} and [lab.label for lab in r.labels] == ['name'],
    'never_loads': lambda r: not r.capture['load_complete'] and len(r.labels) == 1,
}
FAILED = {
    'empty': 'empty.html: empty file',
    'random_bytes': 'random_bytes.html: cannot decode as utf-8',
    'invalid_utf8': 'invalid_utf8.html: cannot decode as utf-8 from meta',
}
# with JavaScript on (URLs of a running server, or --js)
FAILED_WITH_JS = {
    'infinite_loop': 'Timeout',
    'late_loop': 'the browser was killed and restarted',
    'script_redirect': 'navigated away to https://example.com/elsewhere',
    'form_submit': 'navigated away to file://.*other.html',
    'nested_script': 'crashed',
    'renderer_oom': 'Timeout|crashed',
}
CAPTURED_WITH_JS = ('dialogs', 'popups', 'meta_refresh', 'self_iframe', 'very_tall')


@pytest.mark.parametrize('name', sorted(CAPTURED))
def test_captured_without_javascript(no_js, pages, tmp_path, name):
    record = no_js.capture(str(pages / f'{name}.html'), str(tmp_path), name)
    assert not record.capture['javascript']
    assert CAPTURED[name](record), record.capture
    assert os.listdir(tmp_path) == [name]


@pytest.mark.parametrize('name', sorted(FAILED))
def test_failed_with_a_reason(no_js, pages, tmp_path, name):
    with pytest.raises(CaptureError, match=FAILED[name]) as info:
        no_js.capture(str(pages / f'{name}.html'), str(tmp_path), name)
    assert '\n' not in str(info.value)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize('name', sorted(FAILED_WITH_JS))
def test_scripts_that_hang_crash_or_leave(with_js, pages, tmp_path, name):
    with pytest.raises(CaptureError, match=FAILED_WITH_JS[name]) as info:
        with_js.capture(str(pages / f'{name}.html'), str(tmp_path), name)
    assert '\n' not in str(info.value)
    assert os.listdir(tmp_path) == []
    # the browser (restarted where it had to be) captures the next page
    record = with_js.capture(str(pages / 'dialogs.html'), str(tmp_path), 'next')
    assert CAPTURED['dialogs'](record)


@pytest.mark.parametrize('name', CAPTURED_WITH_JS)
def test_captured_with_javascript(with_js, pages, tmp_path, name):
    record = with_js.capture(str(pages / f'{name}.html'), str(tmp_path), name)
    assert record.capture['javascript'] and CAPTURED[name](record)


def test_batch_goes_on_and_leaves_no_temporaries(pages, tmp_path):
    names = ['nested_script', 'popups', 'script_redirect', 'empty', 'dialogs']
    jobs = [CaptureJob(str(pages / f'{n}.html'), n) for n in names]
    summary = capture_pages(jobs, str(tmp_path / 'pages'),
                            CaptureOptions(timeout_s=3, load_wait_s=1, javascript=True),
                            workers=2, progress=False)  # browsers in other processes
    assert summary.captured == ['popups', 'dialogs']
    assert [osp.basename(src) for src, _ in summary.failed] == [
        'nested_script.html', 'script_redirect.html', 'empty.html']
    assert all('\n' not in reason for _, reason in summary.failed)
    assert sorted(os.listdir(tmp_path / 'pages')) == ['dialogs', 'popups']
