"""webdet: web page element detection for MMDetection (screenshot + TextMaps, joint RPN)."""
from . import engine  # noqa: F401  registers the hooks and the optimizer wrapper
from .datasets import *  # noqa: F401,F403  registers the dataset and transforms
from .evaluation import *  # noqa: F401,F403  registers the metric
from .models import *  # noqa: F401,F403  registers the models
from .version import __version__

__all__ = ['__version__']
