"""Extraction API: page → JSON of labelled elements (uses capture and the detector)."""
from .page_extractor import PageExtractor, snap_to_dom

__all__ = ['PageExtractor', 'snap_to_dom']
