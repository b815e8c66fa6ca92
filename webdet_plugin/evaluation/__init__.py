from .extraction_accuracy import extraction_accuracy, is_right, norm_text, score_page
from .proposal_stats import proposal_stats
from .rule_baseline import rule_accuracy, rule_guesses
from .web_coco_metric import WebCocoMetric
from .web_element_accuracy import PositionPrior, WebElementAccuracy, box_iou

__all__ = [
    'extraction_accuracy', 'is_right', 'norm_text', 'PositionPrior', 'WebElementAccuracy',
    'box_iou', 'proposal_stats', 'rule_accuracy', 'rule_guesses', 'score_page',
    'WebCocoMetric'
]
