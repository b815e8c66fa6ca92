import pickle
import subprocess
import sys

import pytest
import torch
import torch.nn as nn
from mmengine.model import BaseModel
from mmengine.runner import Runner, load_checkpoint
from torch.utils.data import DataLoader, Dataset

from webdet_plugin.engine import trust_local_checkpoints


class ToyData(Dataset):

    def __len__(self):
        return 16

    def __getitem__(self, idx):
        g = torch.Generator().manual_seed(idx)
        x = torch.randn(4, generator=g)
        return dict(inputs=x, target=x.sum(0, keepdim=True))


class ToyModel(BaseModel):

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 1)

    def forward(self, inputs, target, mode='tensor'):
        pred = self.linear(inputs)
        if mode == 'loss':
            return dict(loss=((pred - target)**2).mean())
        return pred


def make_runner(work_dir, max_iters, resume=False, load_from=None):
    return Runner(
        model=ToyModel(),
        work_dir=str(work_dir),
        train_dataloader=DataLoader(ToyData(), batch_size=4, shuffle=False),
        optim_wrapper=dict(optimizer=dict(type='Adam', lr=0.01)),
        train_cfg=dict(by_epoch=False, max_iters=max_iters, val_interval=1000),
        default_hooks=dict(checkpoint=dict(type='CheckpointHook', interval=2, by_epoch=False),
                           logger=dict(type='LoggerHook', interval=1)),
        resume=resume,
        load_from=load_from,
        default_scope='mmdet',
        experiment_name=f'toy_{max_iters}_{resume}',
    )


def test_importing_the_plugin_leaves_checkpoint_loading_alone():
    """Only the tools that load checkpoints trust local pickles (issue 28), not an import."""
    code = ('from mmengine.runner import CheckpointLoader; import webdet_plugin; '
            'from webdet_plugin.engine import load_trusted_local_checkpoint as ours; '
            "print(CheckpointLoader._schemes[''] is ours)")
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == 'False'
    code = code.replace('import webdet_plugin; ', 'import webdet_plugin; '
                        'webdet_plugin.engine.trust_local_checkpoints(); ')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == 'True'


def test_save_resume_and_load(tmp_path):
    trust_local_checkpoints()
    first = make_runner(tmp_path, max_iters=2)
    first.train()
    ckpt = tmp_path / 'iter_2.pth'
    assert ckpt.is_file()
    saved = torch.load(ckpt, weights_only=False)
    # the failure this loader fixes: torch>=2.6 refuses mmengine's own checkpoint by default
    with pytest.raises(pickle.UnpicklingError):
        torch.load(ckpt)

    second = make_runner(tmp_path, max_iters=4, resume=True, load_from=str(ckpt))
    second.load_or_resume()
    assert second.iter == 2
    state = second.optim_wrapper.optimizer.state_dict()['state']
    saved_state = saved['optimizer']['state']
    assert state.keys() == saved_state.keys()
    for key in state:
        torch.testing.assert_close(state[key]['exp_avg'], saved_state[key]['exp_avg'])
        torch.testing.assert_close(state[key]['exp_avg_sq'], saved_state[key]['exp_avg_sq'])
    second.train()
    assert second.iter == 4
    assert (tmp_path / 'iter_4.pth').is_file()

    model = ToyModel()
    load_checkpoint(model, str(tmp_path / 'iter_4.pth'), map_location='cpu')
    final = torch.load(tmp_path / 'iter_4.pth', weights_only=False)['state_dict']
    torch.testing.assert_close(model.linear.weight, final['linear.weight'])
    assert not torch.equal(final['linear.weight'], saved['state_dict']['linear.weight'])


def test_bad_checkpoint_names_the_file(tmp_path):
    trust_local_checkpoints()
    bad = tmp_path / 'broken.pth'
    bad.write_bytes(b'not a checkpoint')
    with pytest.raises(RuntimeError, match='broken.pth'):
        load_checkpoint(ToyModel(), str(bad))
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        load_checkpoint(ToyModel(), str(tmp_path / 'missing.pth'))
