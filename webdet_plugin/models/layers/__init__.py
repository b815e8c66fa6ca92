from .portable_roi_pool import PortableRoIPool, mmcv_bin_boxes, roi_pool_by_bins

__all__ = ['PortableRoIPool', 'mmcv_bin_boxes', 'roi_pool_by_bins']
