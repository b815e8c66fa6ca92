"""Extraction API: page → JSON of labelled elements (uses capture and the detector)."""
from .inference import checkpoint_dataset_meta, init_web_detector
from .page_extractor import (DEFAULT_CHECKPOINT, DEFAULT_CONFIG, PageExtraction, PageExtractor,
                             model_window, snap_to_dom)

__all__ = [
    'DEFAULT_CHECKPOINT', 'DEFAULT_CONFIG', 'PageExtraction', 'PageExtractor',
    'checkpoint_dataset_meta', 'init_web_detector', 'model_window', 'snap_to_dom'
]
