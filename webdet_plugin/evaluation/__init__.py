from .proposal_stats import proposal_stats
from .rule_baseline import rule_accuracy, rule_guesses
from .web_element_accuracy import PositionPrior, WebElementAccuracy, box_iou

__all__ = ['PositionPrior', 'WebElementAccuracy', 'box_iou', 'proposal_stats', 'rule_accuracy',
           'rule_guesses']
