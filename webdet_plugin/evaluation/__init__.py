from .web_element_accuracy import PositionPrior, WebElementAccuracy, box_iou

__all__ = ['PositionPrior', 'WebElementAccuracy', 'box_iou']
