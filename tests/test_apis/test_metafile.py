"""Named models: configs/metafile.yml and webdet_plugin.apis.metafile."""
import os.path as osp
import subprocess
import sys

import pytest
from mmengine.config import Config

from webdet_plugin.apis import PageExtractor, find_model, load_metafile
from ..conftest import ROOT, run


def test_project_metafile_names_configs_that_exist_and_their_last_checkpoint():
    models = load_metafile(osp.join(ROOT, 'configs', 'metafile.yml'))
    assert len(models) >= 2 and len({m.name for m in models}) == len(models)
    for m in models:
        assert osp.isfile(m.config), m
        # the weights are where tools/demo.sh trains them: work_dirs/<name>/iter_<max_iters>
        max_iters = Config.fromfile(m.config).train_cfg.max_iters
        assert m.weights == osp.join(ROOT, 'work_dirs', m.name, f'iter_{max_iters}.pth')


def write(tmp_path, text):
    path = tmp_path / 'meta' / 'metafile.yml'
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return str(path)


def test_find_model_by_name_or_first_trained(tmp_path):
    meta = write(tmp_path, '''Models:
  - {Name: a, Config: a.py, Weights: ../w/a.pth}
  - {Name: b, Config: sub/b.py, Weights: ../w/b.pth}
''')
    assert find_model(meta, 'b').config == str(tmp_path / 'meta' / 'sub' / 'b.py')
    with pytest.raises(FileNotFoundError, match='none of its models is trained'):
        find_model(meta)
    (tmp_path / 'w').mkdir()
    (tmp_path / 'w' / 'b.pth').write_bytes(b'x')
    assert find_model(meta).name == 'b'  # the first listed whose weights exist
    (tmp_path / 'w' / 'a.pth').write_bytes(b'x')
    assert find_model(meta).name == 'a'
    with pytest.raises(KeyError, match=r"no model named 'c' \(known: a, b\)"):
        find_model(meta, 'c')


@pytest.mark.parametrize('text, match', [
    ('Models: [1, 2]', r'Models\[0\] needs the strings Name, Config and Weights'),
    ('Things: []', 'top-level "Models" list'),
    ('Models: [', 'not valid YAML'),
])
def test_bad_metafile_names_the_file_and_the_problem(tmp_path, text, match):
    meta = write(tmp_path, text)
    with pytest.raises(ValueError, match=match) as info:
        load_metafile(meta)
    assert meta in str(info.value)


def test_extractor_from_a_metafile(tmp_path, quick_checkpoint):
    cfg, ckpt = quick_checkpoint
    meta = write(tmp_path, f'Models:\n  - {{Name: quick, Config: {cfg}, Weights: {ckpt}}}\n'
                 f'  - {{Name: untrained, Config: {cfg}, Weights: nope.pth}}\n')
    extractor = PageExtractor.from_metafile(meta, 'quick')
    assert extractor.classes == ['name', 'price', 'image']
    with pytest.raises(FileNotFoundError, match='weights of untrained'):
        PageExtractor.from_metafile(meta, 'untrained')


def test_extract_tool_takes_a_named_model(tmp_path, quick_checkpoint, tiny_dataset):
    cfg, ckpt = quick_checkpoint
    meta = write(tmp_path, f'Models:\n  - {{Name: quick, Config: {cfg}, Weights: {ckpt}}}\n')
    page = sorted((tiny_dataset / 'pages').iterdir())[0]
    out = tmp_path / 'out'
    proc = run([sys.executable, 'tools/extract.py', str(page), '--metafile', meta, '--model',
                'quick', '--out', str(out)])
    assert 'extracted: 1' in proc.stdout and (out / f'{page.name}.json').is_file()
    for args, message in ((['--config', cfg], '--config and --checkpoint go together'),
                          (['--model', 'nope'], "no model named 'nope' (known: quick)")):
        bad = subprocess.run([sys.executable, 'tools/extract.py', str(page), '--metafile', meta,
                              '--out', str(out), *args], cwd=ROOT, capture_output=True,
                             text=True)
        assert bad.returncode != 0 and message in bad.stderr, bad.stderr[-2000:]
