from .transforms import (CropPageWindow, LoadDomCandidates, LoadPageProposals, LoadTextMap,
                         LoadWebPage, PackWebInputs, RandomPageWindow)
from .web_page_dataset import WebPageDataset

__all__ = [
    'CropPageWindow', 'LoadDomCandidates', 'LoadPageProposals', 'LoadTextMap', 'LoadWebPage',
    'PackWebInputs', 'RandomPageWindow', 'WebPageDataset'
]
