"""tools/eval_extract.py: the right/wrong rule and a run over a tiny split."""
import re
import sys

from webdet_plugin.apis import snap_to_dom
from webdet_plugin.page_record import load_page_record
from ..conftest import load_tool, run


def test_an_entry_is_right_only_on_the_labelled_element(tiny_dataset):
    tool = load_tool('eval_extract')
    record = load_page_record(str(sorted((tiny_dataset / 'pages').iterdir())[0]))
    for label in record.labels:
        media = label.label == 'image'
        assert tool.is_right(snap_to_dom(label.box, record, media), label, record)
        others = [lab for lab in record.labels if lab.label != label.label]
        assert not tool.is_right(snap_to_dom(others[0].box, record, media), label, record)
        assert not tool.is_right(None, label, record)


def test_eval_extract_runs_on_a_split(tiny_dataset, quick_checkpoint):
    cfg, ckpt = quick_checkpoint
    proc = run([sys.executable, 'tools/eval_extract.py', str(tiny_dataset), '--split', 'train',
                '--config', cfg, '--checkpoint', ckpt])
    assert re.search(r'train: 2 pages, .* s/page', proc.stdout)
    accs = re.findall(r'^\s+(name|price|image|mean): ([0-9.]+)', proc.stdout, re.M)
    assert {c for c, _ in accs} == {'name', 'price', 'image', 'mean'}
    assert all(0.0 <= float(a) <= 1.0 for _, a in accs)
