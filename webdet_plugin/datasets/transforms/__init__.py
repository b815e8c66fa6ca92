from .formatting import PackWebInputs
from .loading import CropPageWindow, LoadDomCandidates, LoadPageProposals, LoadTextMap, LoadWebPage
from .random_page_window import RandomPageWindow

__all__ = [
    'PackWebInputs', 'CropPageWindow', 'LoadDomCandidates', 'LoadPageProposals', 'LoadTextMap',
    'LoadWebPage', 'RandomPageWindow'
]
