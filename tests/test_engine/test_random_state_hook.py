"""RandomStateHook puts a checkpoint's random states back on resume, and only on resume."""
import random
from types import SimpleNamespace

import numpy as np
import torch

from webdet_plugin.engine import RandomStateHook


def draws():
    return torch.rand(3).tolist(), np.random.rand(3).tolist(), [random.random() for _ in range(3)]


def reseed(seed=0):
    torch.manual_seed(seed), np.random.seed(seed), random.seed(seed)


def saved_checkpoint(iteration):
    reseed(5)
    checkpoint = dict(meta=dict(iter=iteration))
    RandomStateHook().before_save_checkpoint(SimpleNamespace(), checkpoint)
    return checkpoint, draws()  # what the run drew after saving


def batches():
    """A data iterator whose fetching draws, as a DataLoader's new iterator does."""
    while True:
        yield torch.randint(0, 1000, (1, )).item()


def resumed_runner(iteration):
    return SimpleNamespace(iter=iteration,
                           train_loop=SimpleNamespace(dataloader_iterator=batches()))


def test_resume_restores_before_the_first_batch_after_the_skip():
    checkpoint, want = saved_checkpoint(3)
    reseed(5)
    first_batch = next(batches())  # the interrupted run fetched with the saved states
    hook = RandomStateHook()
    reseed(0)  # a fresh run's seeding
    hook.after_load_checkpoint(SimpleNamespace(), checkpoint)
    runner = resumed_runner(3)
    hook.before_train(runner)
    for _ in range(3):  # the loop's data skip draws from the fresh state
        next(runner.train_loop.dataloader_iterator)
    reseed(5)
    next(batches())
    after_first_batch = draws()
    assert draws() != want
    reseed(1)
    assert next(runner.train_loop.dataloader_iterator) == first_batch
    assert draws() == after_first_batch
    next(runner.train_loop.dataloader_iterator)  # once only: later batches pass through
    assert draws() != after_first_batch


def test_load_from_without_resume_keeps_the_fresh_seed():
    checkpoint, _ = saved_checkpoint(30)
    hook = RandomStateHook()
    hook.after_load_checkpoint(SimpleNamespace(), checkpoint)
    runner = resumed_runner(0)  # a new run starts at 0
    iterator = runner.train_loop.dataloader_iterator
    hook.before_train(runner)
    assert runner.train_loop.dataloader_iterator is iterator


def test_old_checkpoint_without_states_changes_nothing():
    hook = RandomStateHook()
    hook.after_load_checkpoint(SimpleNamespace(), dict(meta=dict(iter=30)))
    runner = resumed_runner(30)
    iterator = runner.train_loop.dataloader_iterator
    hook.before_train(runner)
    assert runner.train_loop.dataloader_iterator is iterator


def test_validation_leaves_the_training_states():
    hook = RandomStateHook()
    reseed(2)
    hook.before_val(SimpleNamespace())
    draws()  # validation draws (a new val iterator's base seed)
    hook.after_val(SimpleNamespace())
    got = draws()
    reseed(2)
    assert got == draws()
