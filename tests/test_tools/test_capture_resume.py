"""A capture run killed with kill -9 and run again finishes the batch without losing pages."""
import json
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import pytest

ROOT = osp.dirname(osp.dirname(osp.dirname(__file__)))
pytestmark = pytest.mark.skipif(not osp.exists('/usr/bin/chromium'),
                                reason='Debian chromium is not installed (tools/setup_env.sh)')


def _pages(folder):
    return sorted(p for p in os.listdir(folder) if not p.startswith('.'))


def test_killed_capture_resumes(tmp_path):
    src = tmp_path / 'html'
    src.mkdir()
    for i in range(12):
        (src / f'p{i:02d}.html').write_text(
            f'<h1 data-webdet-label="name">Kettle {i}</h1><p>{"text " * 50}</p>')
    out = tmp_path / 'out'
    cmd = [sys.executable, osp.join(ROOT, 'tools', 'capture_pages.py'), str(src), '--out',
           str(out), '--no-progress', '--timeout', '10']
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    pages = out / 'pages'
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if pages.is_dir() and len(_pages(pages)) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, 'the run ended before it could be killed'
    os.killpg(proc.pid, signal.SIGKILL)  # the tool and its browser
    proc.wait()
    first = _pages(pages)
    assert 3 <= len(first) < 12
    stamps = {p: os.stat(pages / p / 'dom.json').st_mtime_ns for p in first}
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f'12 captured ({len(first)} already there), 0 failed' in done.stdout
    assert _pages(pages) == [f'p{i:02d}' for i in range(12)]
    assert not [p for p in os.listdir(pages) if p.startswith('.tmp-')]
    # pages of the killed run were kept, not captured again
    assert {p: os.stat(pages / p / 'dom.json').st_mtime_ns for p in first} == stamps
    coco = json.loads((out / 'annotations' / 'all.json').read_text())
    ids = [im['page_id'] for im in coco['images']]
    assert sorted(ids) == [f'p{i:02d}' for i in range(12)] and len(set(ids)) == 12
    again = subprocess.run(cmd + ['--overwrite'], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert '12 captured, 0 failed' in again.stdout
