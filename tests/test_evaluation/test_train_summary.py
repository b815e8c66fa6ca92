"""summarise: speed, memory and loss of a training run from mmengine's scalars."""
import json
import os

import pytest
import torch

from webdet_plugin.evaluation import summarise


def write_scalars(work, stamp, rows):
    logs = work / stamp / 'vis_data'
    logs.mkdir(parents=True)
    (logs / 'scalars.json').write_text('\n'.join(json.dumps(r) for r in rows) + '\n')


def test_summary_of_logged_scalars(tmp_path):
    write_scalars(tmp_path, '20240101_000000', [dict(iter=1, loss=9.0, time=9.0)])
    write_scalars(tmp_path, '20240102_000000', [  # the newest run is read
        dict(iter=1, loss=3.0, time=4.0, memory=100), dict(iter=2, loss=2.0, time=1.0),
        dict(iter=3, loss=1.0, time=0.5, memory=300), dict(coco_bbox_mAP=0.1, step=3)])
    s = summarise(str(tmp_path), batch_size=4, skip=1)  # iteration 1 is start-up
    assert s['iterations'] == 3 and (s['loss_start'], s['loss_end']) == (3.0, 1.0)
    assert s['seconds_per_iter'] == 0.75 and s['iters_per_s'] == pytest.approx(1 / 0.75)
    assert s['pages_per_s'] == pytest.approx(4 / 0.75) and s['peak_memory_mb'] == 300
    assert summarise(str(tmp_path), batch_size=4, skip=10)['seconds_per_iter'] == 5.5 / 3


def test_no_scalars_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match='scalars'):
        summarise(str(tmp_path), 2)
    write_scalars(tmp_path, '20240101_000000', [dict(coco_bbox_mAP=0.1, step=1)])
    with pytest.raises(FileNotFoundError, match='no training iterations'):
        summarise(str(tmp_path), 2)


@pytest.mark.slow
def test_summary_of_a_real_run(quick_checkpoint):
    work = os.path.dirname(quick_checkpoint[1])
    summary = summarise(work, batch_size=2, skip=0)
    rows = [json.loads(line) for d, _, fs in os.walk(work) for f in fs if f == 'scalars.json'
            for line in open(os.path.join(d, f))]
    losses = [r['loss'] for r in rows if 'loss' in r]
    assert summary['iterations'] == 2 and len(losses) == 2
    assert (summary['loss_start'], summary['loss_end']) == (losses[0], losses[-1])
    assert summary['pages_per_s'] == pytest.approx(2 * summary['iters_per_s'])
    assert summary['peak_memory_mb'] is None or torch.cuda.is_available()
    with pytest.raises(FileNotFoundError, match='scalars'):
        summarise(os.path.dirname(work) + '/none', 2)
