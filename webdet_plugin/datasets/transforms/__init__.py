from .formatting import PackWebInputs
from .loading import CropPageWindow, LoadDomCandidates, LoadPageProposals, LoadTextMap, LoadWebPage

__all__ = [
    'PackWebInputs', 'CropPageWindow', 'LoadDomCandidates', 'LoadPageProposals', 'LoadTextMap',
    'LoadWebPage'
]
