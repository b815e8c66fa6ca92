"""Issue 26: a model trained on a mixture of datasets loads for extraction (new and old
checkpoints)."""
import json
import os.path as osp
import sys

import pytest
import torch

from webdet_plugin.apis import PageExtractor
from ..conftest import ROOT, run


@pytest.fixture(scope='module')
def mixture_checkpoint(tiny_dataset, tmp_path_factory):
    """(config, checkpoint) of the quick config trained 2 iterations on a two-dataset mixture
    (the train and val splits of the tiny dataset, as the mixture configs join two roots)."""
    work = tmp_path_factory.mktemp('mix_ckpt')
    root = str(tiny_dataset) + '/'
    quick = osp.join(ROOT, 'configs', 'quick', 'webdet_quick.py')
    (work / 'mix_cfg.py').write_text(f'''_base_ = {quick!r}
data_root = {root!r}
_part = dict(_base_.train_dataloader.dataset, data_root=data_root)
train_dataloader = dict(dataset=dict(_delete_=True, type='WebConcatDataset', datasets=[
    _part, dict(_part, ann_file='annotations/val.json')]))
val_dataloader = None
val_cfg = None
val_evaluator = None
test_dataloader = dict(dataset=dict(data_root=data_root))
''')
    cfg = str(work / 'mix_cfg.py')
    run([sys.executable, 'tools/train.py', cfg, '--work-dir', str(work / 'run'), '--cfg-options',
         'train_cfg.max_iters=2', 'default_hooks.checkpoint.interval=2'])
    return cfg, str(work / 'run' / 'iter_2.pth')


def test_mixture_checkpoint_has_one_dataset_meta_and_extracts(mixture_checkpoint, tiny_dataset,
                                                              tmp_path):
    cfg, ckpt = mixture_checkpoint
    meta = torch.load(ckpt, map_location='cpu', weights_only=False)['meta']['dataset_meta']
    assert isinstance(meta, dict) and meta['classes'] == ('name', 'price', 'image')
    page = sorted((tiny_dataset / 'pages').iterdir())[0]
    out = tmp_path / 'out'
    proc = run([sys.executable, 'tools/extract.py', str(page), '--config', cfg, '--checkpoint',
                ckpt, '--out', str(out)])
    assert 'pages: 1, extracted: 1, failures: 0' in proc.stdout
    result = json.loads((out / f'{page.name}.json').read_text())
    assert set(result['results']) == {'name', 'price', 'image'}


def _rewrite_meta(ckpt, path, dataset_meta):
    state = torch.load(ckpt, map_location='cpu', weights_only=False)
    state['meta']['dataset_meta'] = dataset_meta
    torch.save(state, path)
    return str(path)


def test_checkpoint_with_a_list_of_metainfos_loads(mixture_checkpoint, tiny_dataset, tmp_path):
    """Checkpoints written before WebConcatDataset carry mmdet's list of metainfos."""
    cfg, ckpt = mixture_checkpoint
    one = dict(classes=('name', 'price', 'image'), palette=[(1, 1, 1), (2, 2, 2), (3, 3, 3)])
    old = _rewrite_meta(ckpt, tmp_path / 'old.pth', [dict(one, ann_file='a/train.json'),
                                                     dict(one, ann_file='b/train.json')])
    extractor = PageExtractor(cfg, old)
    assert extractor.classes == ['name', 'price', 'image']
    assert 'ann_file' not in extractor.model.dataset_meta
    page = sorted((tiny_dataset / 'pages').iterdir())[0]
    assert set(extractor.extract_page_dir(str(page))['results']) == {'name', 'price', 'image'}
    # the same weights as the new checkpoint: same detections
    new = PageExtractor(cfg, ckpt).extract_page_dir(str(page))['results']
    assert extractor.extract_page_dir(str(page))['results'] == new


def test_checkpoint_whose_datasets_disagree_names_the_file(mixture_checkpoint, tmp_path):
    cfg, ckpt = mixture_checkpoint
    bad = _rewrite_meta(ckpt, tmp_path / 'bad.pth', [dict(classes=('name', 'price', 'image')),
                                                     dict(classes=('name', ))])
    with pytest.raises(ValueError, match=r"bad\.pth: the training datasets disagree on 'classes'"):
        PageExtractor(cfg, bad)
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        PageExtractor(cfg, str(tmp_path / 'missing.pth'))


def test_checkpoint_with_other_input_channels_names_the_file(mixture_checkpoint, tmp_path):
    """mmengine would log the size mismatch and keep random weights; we refuse."""
    cfg, ckpt = mixture_checkpoint
    state = torch.load(ckpt, map_location='cpu', weights_only=False)
    weight = state['state_dict']['backbone.text_conv.weight']
    state['state_dict']['backbone.text_conv.weight'] = torch.cat([weight, weight[:, :2]], 1)
    torch.save(state, tmp_path / 'wider.pth')
    with pytest.raises(ValueError, match=r'wider\.pth: backbone\.text_conv\.weight: the '
                       r'checkpoint takes \d+ input channels, this config \d+'):
        PageExtractor(cfg, str(tmp_path / 'wider.pth'))
