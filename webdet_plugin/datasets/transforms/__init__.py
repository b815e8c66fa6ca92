from .formatting import PackWebInputs
from .loading import CropPageWindow, LoadDomCandidates, LoadTextMap, LoadWebPage

__all__ = ['PackWebInputs', 'CropPageWindow', 'LoadDomCandidates', 'LoadTextMap', 'LoadWebPage']
