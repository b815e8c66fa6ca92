from .checkpoint_loader import load_trusted_local_checkpoint
from .distributed import setup_cpu_distributed
from .web_visualization_hook import WebVisualizationHook

__all__ = ['load_trusted_local_checkpoint', 'setup_cpu_distributed', 'WebVisualizationHook']
