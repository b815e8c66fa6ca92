from .transforms import (CropPageWindow, LoadDomCandidates, LoadPageProposals, LoadTextMap,
                         LoadWebPage, PackWebInputs, RandomPageWindow)
from .web_concat_dataset import WebConcatDataset, agreed_metainfo
from .web_page_dataset import WebPageDataset

__all__ = [
    'CropPageWindow', 'LoadDomCandidates', 'LoadPageProposals', 'LoadTextMap', 'LoadWebPage',
    'PackWebInputs', 'RandomPageWindow', 'WebConcatDataset', 'WebPageDataset', 'agreed_metainfo'
]
