"""Training pages whose words the model must do without: random text nodes' hashed words zeroed."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RandomDropWords(BaseTransform):
    """Zero the hashed words of random text nodes; their style and geometry channels stay.

    A real shop's words are mostly words the training pages never had ("Add to List", "EGP",
    a product name), so a model that leans on the hashed words of its training shops takes them
    for whatever word hashed nearby. Dropping the words of some nodes, and now and then of a
    whole page, makes it find the name, price and image from where and how each node is drawn
    too (the style channels: tag, font size and weight, ``price_text``, ...), which carries
    over to unseen shops.

    Must run after :class:`LoadTextMap` (it edits ``textmap_table``, ``(N, F)``: one row of
    hashed words per text node of the window; ``textmap_index`` is unchanged, so a dropped node
    keeps its cells and reads as text without known words).

    Args:
        prob (float): Each text node's chance to lose its words. Defaults to 0.3.
        page_prob (float): Chance that every node of the page loses them (then ``prob`` is not
            drawn). Defaults to 0.2.
    """

    def __init__(self, prob: float = 0.3, page_prob: float = 0.2) -> None:
        for name, p in (('prob', prob), ('page_prob', page_prob)):
            if not 0 <= p <= 1:
                raise ValueError(f'RandomDropWords: {name} must be in [0, 1], got {p}')
        self.prob = prob
        self.page_prob = page_prob

    def transform(self, results: dict) -> dict:
        """Zero rows of ``results['textmap_table']``; ``results['words_dropped']`` counts them.

        Args:
            results (dict): Needs ``textmap_table`` ``(N, F)``.

        Returns:
            dict: ``results`` with a new table (the input array is not modified).
        """
        table = results.get('textmap_table')
        if table is None:
            raise KeyError('RandomDropWords needs textmap_table: put it after LoadTextMap '
                           f'(got keys {sorted(results)})')
        if not len(table):  # a window without text: nothing drawn
            results['words_dropped'] = 0
            return results
        if np.random.rand() < self.page_prob:
            drop = np.ones(len(table), bool)
        else:
            drop = np.random.rand(len(table)) < self.prob
        results['words_dropped'] = int(drop.sum())
        if drop.any():
            table = table.copy()
            table[drop] = 0
            results['textmap_table'] = table
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(prob={self.prob}, page_prob={self.page_prob})'
