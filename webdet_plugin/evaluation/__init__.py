from .proposal_stats import proposal_stats
from .web_element_accuracy import PositionPrior, WebElementAccuracy, box_iou

__all__ = ['PositionPrior', 'WebElementAccuracy', 'box_iou', 'proposal_stats']
