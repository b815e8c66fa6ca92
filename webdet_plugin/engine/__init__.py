from .bf16_optim_wrapper import BF16OptimWrapper, bf16_autocast
from .checkpoint_loader import load_trusted_local_checkpoint
from .checkpoint_merge import merge_checkpoints
from .distributed import setup_cpu_distributed
from .run_config import load_run_config, schedule_options
from .run_outputs import latest_test_metrics
from .web_visualization_hook import WebVisualizationHook

__all__ = [
    'BF16OptimWrapper', 'bf16_autocast', 'latest_test_metrics', 'load_run_config',
    'load_trusted_local_checkpoint', 'merge_checkpoints', 'schedule_options',
    'setup_cpu_distributed', 'WebVisualizationHook'
]
