"""tools/eval_extract.py over a tiny split."""
import re
import sys

from ..conftest import run


def test_eval_extract_runs_on_a_split(tiny_dataset, quick_checkpoint):
    cfg, ckpt = quick_checkpoint
    proc = run([sys.executable, 'tools/eval_extract.py', str(tiny_dataset), '--split', 'train',
                '--config', cfg, '--checkpoint', ckpt])
    assert re.search(r'train: 2 pages, .* s/page', proc.stdout)
    accs = re.findall(r'^\s+(name|price|image|mean): ([0-9.]+)', proc.stdout, re.M)
    assert {c for c, _ in accs} == {'name', 'price', 'image', 'mean'}
    assert all(0.0 <= float(a) <= 1.0 for _, a in accs)
