"""The library holds no lab paths (issue 28): no work_dirs/ or data/ folder of this repository,
and the outside-data default lives in one place."""
import glob
import os.path as osp
import re

from .conftest import ROOT


def test_no_work_dirs_literal_and_one_outside_default():
    outside = []
    for path in glob.glob(osp.join(ROOT, 'webdet_plugin', '**', '*.py'), recursive=True):
        text = open(path, encoding='utf-8').read()
        assert 'work_dirs' not in text, path
        if re.search(r"""['"]\.\./shared/outside['"]""", text):
            outside.append(osp.relpath(path, ROOT))
    assert outside == ['webdet_plugin/synth/outside_data.py']
    for path in glob.glob(osp.join(ROOT, 'tools', '**', '*.py'), recursive=True):
        text = open(path, encoding='utf-8').read()
        assert not re.search(r"""default=['"]\.\./shared/outside""", text), path
