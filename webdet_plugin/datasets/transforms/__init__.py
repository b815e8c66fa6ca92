from .formatting import PackWebInputs
from .loading import CropPageWindow, LoadDomCandidates, LoadPageProposals, LoadTextMap, LoadWebPage
from .random_drop_words import RandomDropWords
from .random_page_window import RandomPageWindow
from .unload_images import UnloadImages

__all__ = [
    'PackWebInputs', 'CropPageWindow', 'LoadDomCandidates', 'LoadPageProposals', 'LoadTextMap',
    'LoadWebPage', 'RandomDropWords', 'RandomPageWindow', 'UnloadImages'
]
