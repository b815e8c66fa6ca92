"""webdet: web page element detection for MMDetection (screenshot + TextMaps, joint RPN)."""
from .datasets import *  # noqa: F401,F403  registers the dataset and transforms
from .engine import load_trusted_local_checkpoint
from .evaluation import *  # noqa: F401,F403  registers the metric
from .models import *  # noqa: F401,F403  registers the models
from .version import __version__

__all__ = ['__version__', 'load_trusted_local_checkpoint']
