from .transforms import (CropPageWindow, LoadDomCandidates, LoadPageProposals, LoadTextMap,
                         LoadWebPage, PackWebInputs, RandomPageWindow)
from .web_page_dataset import WebPageDataset, window_offsets

__all__ = [
    'CropPageWindow', 'LoadDomCandidates', 'LoadPageProposals', 'LoadTextMap', 'LoadWebPage',
    'PackWebInputs', 'RandomPageWindow', 'WebPageDataset', 'window_offsets'
]
