from .anchor_coverage import anchor_coverage
from .extraction_accuracy import extraction_accuracy, is_right, norm_text, score_page
from .proposal_stats import proposal_stats
from .rule_baseline import rule_accuracy, rule_guesses
from .train_summary import summarise
from .web_coco_metric import WebCocoMetric
from .web_element_accuracy import PositionPrior, WebElementAccuracy

__all__ = [
    'anchor_coverage', 'extraction_accuracy', 'is_right', 'norm_text', 'PositionPrior',
    'WebElementAccuracy', 'proposal_stats', 'rule_accuracy', 'rule_guesses', 'score_page',
    'summarise', 'WebCocoMetric'
]
