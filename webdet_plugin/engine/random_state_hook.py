"""Random-number states in checkpoints, so that a resumed run draws what the first one drew."""
import random
from typing import Iterator, Optional, Tuple

import numpy as np
import torch
from mmdet.registry import HOOKS
from mmengine.hooks import Hook
from mmengine.logging import print_log


def random_states() -> dict:
    """The states of ``torch`` (and CUDA when in use), ``numpy`` and ``random``."""
    states = dict(torch=torch.get_rng_state(), numpy=np.random.get_state(),
                  random=random.getstate())
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        states['cuda'] = torch.cuda.get_rng_state_all()
    return states


def set_random_states(states: dict) -> None:
    """Put back what :func:`random_states` returned."""
    torch.set_rng_state(states['torch'])
    np.random.set_state(states['numpy'])
    random.setstate(states['random'])
    cuda = states.get('cuda')
    if cuda is not None and torch.cuda.is_available() and len(cuda) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(cuda)


class _RestoreBeforeBatch:
    """Iterator wrapper: set ``states`` just before fetching the batch after ``skip`` batches."""

    def __init__(self, iterator: Iterator, skip: int, states: dict) -> None:
        self.iterator, self.skip, self.states = iterator, skip, states

    def __iter__(self):
        return self

    def __next__(self):
        if self.skip == 0 and self.states is not None:
            set_random_states(self.states)
            self.states = None
        self.skip -= 1
        return next(self.iterator)


@HOOKS.register_module()
class RandomStateHook(Hook):
    """Save the process's random states with each checkpoint and put them back on resume.

    mmengine's resume restores model, optimizer, schedulers and the data position (it replays
    the sampler and skips the batches already trained) but seeds the random generators afresh,
    so the samplers of the RPN and RoI heads (``torch.randperm``) drew differently after a
    resume than the interrupted run would have. This hook stores the states of ``torch`` (and
    CUDA), ``numpy`` and ``random`` at the end of each checkpointed iteration and restores them
    after the data skip, just before the first resumed batch is fetched (fetching draws too:
    ``DataLoader`` takes a base seed from ``torch`` for each new epoch's iterator, and random
    transforms draw in the main process when ``num_workers=0``). Validation runs between a
    checkpoint and the next batch, so it leaves the training's states as it found them.

    Exact for one process. Checkpoints are written by rank 0: under ``dist_train.sh`` every
    rank resumes with rank 0's states.
    """

    priority = 'VERY_LOW'

    def __init__(self) -> None:
        self._pending: Optional[Tuple[int, dict]] = None
        self._before_val: Optional[dict] = None

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        """Add ``checkpoint['random_states']``."""
        checkpoint['random_states'] = random_states()

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        """Keep the checkpoint's states for the first resumed batch."""
        states = checkpoint.get('random_states')
        self._pending = None if states is None else (checkpoint['meta'].get('iter'), states)
        if states is None:
            print_log('the checkpoint has no random states (saved without RandomStateHook): '
                      'random draws after resume differ from an uninterrupted run',
                      logger='current')

    def before_train(self, runner) -> None:
        """On resume, arm the restore for the batch after the data skip.

        A checkpoint loaded with ``load_from`` but not resumed starts at iteration 0, not at
        the checkpoint's, and keeps the fresh seed.
        """
        if self._pending is None:
            return
        (saved_iter, states), self._pending = self._pending, None
        if runner.iter != saved_iter or saved_iter == 0:
            return
        loop = runner.train_loop
        if hasattr(loop, 'dataloader_iterator'):  # IterBasedTrainLoop skips `iter` batches
            loop.dataloader_iterator = _RestoreBeforeBatch(loop.dataloader_iterator, saved_iter,
                                                           states)
        else:  # epoch-based loops resume at an epoch's start
            set_random_states(states)

    def before_val(self, runner) -> None:
        self._before_val = random_states()

    def after_val(self, runner) -> None:
        if self._before_val is not None:
            set_random_states(self._before_val)
            self._before_val = None
