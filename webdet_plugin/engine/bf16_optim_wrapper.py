"""Mixed-precision training in bfloat16 on any device, CPU included.

mmengine's :class:`~mmengine.optim.AmpOptimWrapper` asserts that CUDA (or NPU/MLU/MUSA) is
available, so ``--amp`` cannot run on a CPU, although :func:`torch.autocast` runs on CPUs, and
CPUs with AMX or AVX512-BF16 run bfloat16 convolutions several times faster than float32.
bfloat16 has float32's exponent range, so no loss scaling is needed: this wrapper is mmengine's
plain :class:`~mmengine.optim.OptimWrapper` (float32 weights, gradients and optimizer state)
that runs chosen methods of the model -- by default the detector's ``extract_feat``, i.e. the
backbone and neck, nearly all of the FLOPs -- under bfloat16 autocast with float32 outputs.
The heads stay in float32: mmcv's NMS and RoI ops take float32 only. On a CPU without native
bfloat16 (no AMX / AVX512-BF16, e.g. AVX2-only AMD EPYC) autocast emulates it and one step takes
several times longer than in float32, so by default (``enabled='auto'``) such CPUs train in
float32, with a warning.
"""
import functools
import logging
from contextlib import ExitStack, contextmanager
from typing import Any, Callable, Iterator, Sequence, Union

import torch
from mmdet.registry import OPTIM_WRAPPERS
from mmengine.logging import print_log
from mmengine.optim import OptimWrapper
from torch import nn

NATIVE_BF16_FLAGS = ('amx_bf16', 'avx512_bf16')


@functools.lru_cache(maxsize=None)
def cpu_has_native_bf16(cpuinfo: str = '/proc/cpuinfo') -> bool:
    """Whether the CPU computes bfloat16 natively (AMX or AVX512-BF16 in its flags)."""
    try:
        with open(cpuinfo, encoding='utf-8') as f:
            flags = set(f.read().split())
    except OSError:  # not Linux: trust autocast
        return True
    return any(flag in flags for flag in NATIVE_BF16_FLAGS)


def _to_float32(out: Any) -> Any:
    """``out`` with every floating tensor in it (nested tuples/lists/dicts) cast to float32."""
    if isinstance(out, torch.Tensor):
        return out.float() if out.is_floating_point() else out
    if isinstance(out, (tuple, list)):
        return type(out)(_to_float32(o) for o in out)
    if isinstance(out, dict):
        return {k: _to_float32(v) for k, v in out.items()}
    return out


def bf16_autocast(fn: Callable, device_type: str) -> Callable:
    """``fn`` run under bfloat16 autocast on ``device_type``, its floating outputs in float32.

    Args:
        fn (Callable): E.g. a detector's bound ``extract_feat``.
        device_type (str): ``'cpu'`` or ``'cuda'``.

    Returns:
        Callable: Same signature as ``fn``.
    """

    def wrapped(*args, **kwargs):
        with torch.autocast(device_type, dtype=torch.bfloat16):
            out = fn(*args, **kwargs)
        return _to_float32(out)

    return wrapped


@contextmanager
def _patched(module: nn.Module, name: str, device_type: str) -> Iterator[None]:
    """Temporarily replace ``module.<name>`` by its :func:`bf16_autocast` version."""
    own = vars(module).get(name)  # an instance attribute already there (else the class's method)
    setattr(module, name, bf16_autocast(getattr(module, name), device_type))
    try:
        yield
    finally:
        if own is None:
            delattr(module, name)  # the class's method shows again
        else:
            setattr(module, name, own)


@OPTIM_WRAPPERS.register_module()
class BF16OptimWrapper(OptimWrapper):
    """:class:`~mmengine.optim.OptimWrapper` that trains parts of the model in bfloat16.

    During each training step's forward the model's methods named in ``autocast`` run under
    ``torch.autocast(<device of the model>, dtype=torch.bfloat16)`` and return float32:
    autocast lowers what PyTorch's autocast policy lists (convolutions, linear layers) to
    bfloat16, and the weights, their gradients and the optimizer state stay float32. Configure
    ``optim_wrapper=dict(type='BF16OptimWrapper', optimizer=...)``; ``tools/train.py --amp`` does
    so on machines without CUDA.

    Args:
        autocast (Sequence[str]): Methods of the model (of ``model.module`` under DDP) to run in
            bfloat16. Defaults to ``('extract_feat', )``: backbone + neck of an mmdet detector.
        enabled (bool | str): False trains in float32 with the same config, True always in
            bfloat16; ``'auto'`` (default) in bfloat16 on CUDA and on CPUs with native
            bfloat16 (:func:`cpu_has_native_bf16`), else in float32 with a warning.
        **kwargs: :class:`~mmengine.optim.OptimWrapper`'s arguments (``optimizer``,
            ``accumulative_counts``, ``clip_grad``).
    """

    def __init__(self, autocast: Sequence[str] = ('extract_feat', ),
                 enabled: Union[bool, str] = 'auto', **kwargs) -> None:
        super().__init__(**kwargs)
        if isinstance(autocast, str):
            raise TypeError(f'autocast must be a sequence of method names, got {autocast!r}')
        if enabled not in (True, False, 'auto'):
            raise ValueError(f"enabled must be True, False or 'auto', got {enabled!r}")
        self.autocast = tuple(autocast)
        self.enabled = enabled
        self._warned = False

    def _use_bf16(self, device_type: str) -> bool:
        if self.enabled != 'auto':
            return bool(self.enabled)
        if device_type != 'cpu' or cpu_has_native_bf16():
            return True
        if not self._warned:
            print_log('BF16OptimWrapper: this CPU has no native bfloat16 (AMX / AVX512-BF16); '
                      'training in float32 (enabled=True forces bfloat16)', logger='current',
                      level=logging.WARNING)
            self._warned = True
        return False

    @contextmanager
    def optim_context(self, model: nn.Module) -> Iterator[None]:
        """mmengine's context (gradient accumulation, DDP ``no_sync``) + the bfloat16 methods.

        Args:
            model (nn.Module): The model of the training step (or its DDP wrapper).

        Raises:
            AttributeError: If the model has no method of one of the ``autocast`` names.
        """
        inner = getattr(model, 'module', model)
        with super().optim_context(model), ExitStack() as stack:
            param = next(inner.parameters(), None)
            device_type = param.device.type if param is not None else 'cpu'
            if self._use_bf16(device_type):
                for name in self.autocast:
                    if not callable(getattr(inner, name, None)):
                        raise AttributeError(f'BF16OptimWrapper: {type(inner).__name__} has no '
                                             f'method {name!r} to run in bfloat16')
                    stack.enter_context(_patched(inner, name, device_type))
            yield
