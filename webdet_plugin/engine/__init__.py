from .bf16_optim_wrapper import BF16OptimWrapper, bf16_autocast
from .checkpoint_fit_hook import CheckpointFitHook, check_checkpoint_fits
from .checkpoint_loader import load_trusted_local_checkpoint, trust_local_checkpoints
from .distributed import setup_cpu_distributed
from .random_state_hook import RandomStateHook
from .web_visualization_hook import WebVisualizationHook

__all__ = [
    'BF16OptimWrapper', 'bf16_autocast', 'CheckpointFitHook', 'check_checkpoint_fits',
    'load_trusted_local_checkpoint',
    'RandomStateHook', 'setup_cpu_distributed', 'trust_local_checkpoints', 'WebVisualizationHook'
]
