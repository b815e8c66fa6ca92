from .context_roi_extractor import ContextRoIExtractor

__all__ = ['ContextRoIExtractor']
