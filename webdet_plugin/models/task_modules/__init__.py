from .chunked_bbox_overlaps import ChunkedBboxOverlaps2D

__all__ = ['ChunkedBboxOverlaps2D']
