from .transforms import (CropPageWindow, LoadDomCandidates, LoadPageProposals, LoadTextMap,
                         LoadWebPage, PackWebInputs)
from .web_page_dataset import WebPageDataset, window_offsets

__all__ = [
    'CropPageWindow', 'LoadDomCandidates', 'LoadPageProposals', 'LoadTextMap', 'LoadWebPage',
    'PackWebInputs', 'WebPageDataset', 'window_offsets'
]
