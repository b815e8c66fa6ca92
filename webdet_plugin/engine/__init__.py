from .bf16_optim_wrapper import BF16OptimWrapper, bf16_autocast
from .checkpoint_loader import load_trusted_local_checkpoint
from .distributed import setup_cpu_distributed
from .random_state_hook import RandomStateHook
from .run_config import load_run_config
from .web_visualization_hook import WebVisualizationHook

__all__ = [
    'BF16OptimWrapper', 'bf16_autocast', 'load_run_config', 'load_trusted_local_checkpoint',
    'RandomStateHook', 'setup_cpu_distributed', 'WebVisualizationHook'
]
