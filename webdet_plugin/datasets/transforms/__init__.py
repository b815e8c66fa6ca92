from .formatting import PackWebInputs
from .loading import CropPageWindow, LoadDomCandidates, LoadPageProposals, LoadTextMap, LoadWebPage
from .random_page_window import RandomPageWindow
from .unload_images import UnloadImages

__all__ = [
    'PackWebInputs', 'CropPageWindow', 'LoadDomCandidates', 'LoadPageProposals', 'LoadTextMap',
    'LoadWebPage', 'RandomPageWindow', 'UnloadImages'
]
