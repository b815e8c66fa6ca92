"""Extraction API: page → JSON of labelled elements (uses capture and the detector)."""
from .inference import checkpoint_dataset_meta, init_web_detector
from .metafile import NamedModel, find_model, load_metafile
from .page_extractor import PageExtraction, PageExtractor, model_window, snap_to_dom

__all__ = [
    'NamedModel', 'PageExtraction', 'PageExtractor', 'checkpoint_dataset_meta', 'find_model',
    'init_web_detector', 'load_metafile', 'model_window', 'snap_to_dom'
]
