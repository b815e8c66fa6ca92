"""tools/anchor_stats.py: statistics of a COCO split's boxes and the anchors' coverage."""
import json
import sys

from ..conftest import run


def test_anchor_stats_prints_shapes_and_coverage(tmp_path):
    coco = dict(categories=[dict(id=1, name='name'), dict(id=2, name='image')], annotations=[
        dict(category_id=1, bbox=[0, 32, 64, 16]),  # matches a stride-8 anchor of scale 4
        dict(category_id=2, bbox=[0, 0, 32, 32])])  # square: ratio 0.25 does not fit it
    ann = tmp_path / 'train.json'
    ann.write_text(json.dumps(coco))
    out = run([sys.executable, 'tools/anchor_stats.py', str(ann), '--scales', '4',
               '--ratios', '0.25']).stdout
    coverage = out.split('anchor coverage (1 anchors per cell):\n')[1].splitlines()
    assert 'ratio range 0.250..1.000' in out
    assert coverage[0].split() == ['image:', 'IoU>=0.5', '0.00', 'IoU>=0.7', '0.00', 'median',
                                   'best', 'IoU', '0.33']
    assert coverage[1].split()[:3] == ['name:', 'IoU>=0.5', '1.00']
