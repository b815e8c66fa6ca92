"""tools/runs.py: helpers of the tools that drive several runs (``schedule_options`` is checked
against the configs in test_run_config.py)."""
import json

import pytest
import torch

from ..conftest import load_tool

runs = load_tool('runs')


def test_latest_test_metrics_reads_the_newest_run(tmp_path):
    with pytest.raises(FileNotFoundError, match='no metrics json'):
        runs.latest_test_metrics(str(tmp_path))
    for stamp, value in (('20240101_000000', 0.1), ('20240102_000000', 0.2)):
        (tmp_path / stamp).mkdir()
        (tmp_path / stamp / f'{stamp}.json').write_text(json.dumps({'web/mean_top1': value}))
    (tmp_path / '20240102_000000' / 'other.json').write_text('{}')  # not a metrics file
    assert runs.latest_test_metrics(str(tmp_path)) == {'web/mean_top1': 0.2}


def test_merge_checkpoints_takes_each_prefix_from_its_checkpoint(tmp_path):
    one, two = str(tmp_path / 'one.pth'), str(tmp_path / 'two.pth')
    torch.save(dict(state_dict={'backbone.w': torch.zeros(2), 'bbox_head.w': torch.ones(1)}), one)
    torch.save(dict(state_dict={'backbone.w': torch.ones(2), 'roi_head.w': torch.ones(3)}), two)
    out = str(tmp_path / 'sub' / 'merged.pth')
    counts = runs.merge_checkpoints({'backbone.': two, 'rpn_head.': (one, 'bbox_head.')}, out)
    assert counts == {'backbone.': 1, 'rpn_head.': 1}
    merged = torch.load(out)['state_dict']
    assert set(merged) == {'backbone.w', 'rpn_head.w'} and merged['backbone.w'].sum() == 2
    with pytest.raises(KeyError, match='no weights'):
        runs.merge_checkpoints({'neck.': one}, out)
