"""tools/proposal_recall.py on a tiny split."""
import json
import sys

from ..conftest import run


def test_recall_per_class_on_another_data_root(tiny_dataset, quick_checkpoint):
    cfg, ckpt = quick_checkpoint
    proc = run([sys.executable, 'tools/proposal_recall.py', cfg, ckpt, '--data-root',
                str(tiny_dataset) + '/', '--split', 'val', '--proposals', '20'])
    header, stats = proc.stdout.strip().splitlines()[-2:]
    assert header.endswith('annotations/val.json: 2 pages')
    stats = json.loads(stats)
    assert set(stats) == {'proposals_per_page', 'recall', 'recall_name', 'recall_price',
                          'recall_image'}
    assert 0 < stats['proposals_per_page'] <= 20
    assert all(0.0 <= stats[k] <= 1.0 for k in stats if k.startswith('recall'))
