"""RandomDropWords: hashed words of text nodes zeroed, every other input left as it was."""
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config

from webdet_plugin.datasets.transforms import RandomDropWords

CONFIGS = osp.abspath(osp.join(osp.dirname(__file__), '..', '..', '..', 'configs'))


def textmap_results(n: int = 6) -> dict:
    table = np.random.RandomState(0).rand(n, 8).astype(np.float16) + np.float16(0.1)
    index = np.array([[0, 1, -1], [2, 3, 4], [5, -1, -1]], np.int64)[:, :n]
    style = np.ones((2, 3, 3), np.float16)
    return dict(textmap_table=table, textmap_index=index, textmap_style=style)


def test_drop_every_node_keeps_index_style_and_the_input_array():
    results = textmap_results()
    table, index = results['textmap_table'], results['textmap_index'].copy()
    before = table.copy()
    out = RandomDropWords(prob=1.0, page_prob=0.0)(results)
    assert not out['textmap_table'].any() and out['words_dropped'] == 6
    assert out['textmap_table'].shape == before.shape
    assert out['textmap_table'].dtype == np.float16
    np.testing.assert_array_equal(table, before)  # a new array, the caller's untouched
    np.testing.assert_array_equal(out['textmap_index'], index)
    assert (out['textmap_style'] == 1).all()


def test_no_chance_keeps_every_word_and_a_page_draw_drops_them_all():
    results = textmap_results()
    before = results['textmap_table'].copy()
    out = RandomDropWords(prob=0.0, page_prob=0.0)(results)
    np.testing.assert_array_equal(out['textmap_table'], before)
    assert out['words_dropped'] == 0
    out = RandomDropWords(prob=0.0, page_prob=1.0)(textmap_results())
    assert not out['textmap_table'].any() and out['words_dropped'] == 6


def test_node_and_page_chances_are_drawn_as_given():
    np.random.seed(0)
    transform = RandomDropWords(prob=0.3, page_prob=0.0)
    rows = [transform(textmap_results(6))['textmap_table'] for _ in range(300)]
    dropped = np.mean([not r.any() for table in rows for r in table])
    assert 0.25 < dropped < 0.35
    transform = RandomDropWords(prob=0.0, page_prob=0.2)
    pages = [transform(textmap_results(6))['words_dropped'] for _ in range(500)]
    assert set(pages) == {0, 6} and 0.15 < np.mean([p == 6 for p in pages]) < 0.25


def test_empty_table_and_bad_input():
    out = RandomDropWords(prob=1.0)(dict(textmap_table=np.zeros((0, 8), np.float16)))
    assert out['words_dropped'] == 0 and out['textmap_table'].shape == (0, 8)
    with pytest.raises(KeyError, match='after LoadTextMap'):
        RandomDropWords()(dict(img=np.zeros((4, 4, 3), np.uint8)))
    with pytest.raises(ValueError, match='prob'):
        RandomDropWords(prob=-0.1)
    with pytest.raises(ValueError, match='page_prob'):
        RandomDropWords(page_prob=2)
    assert 'prob=0.3' in repr(RandomDropWords())


def test_drop_words_ablation_drops_in_training_only():
    cfg = Config.fromfile(osp.join(CONFIGS, 'ablations', 'cpu_dom_mix_drop_words.py'))
    for dataset in cfg.train_dataloader.dataset.datasets:
        types = [t['type'] for t in dataset.pipeline]
        assert types.index('RandomDropWords') == types.index('LoadTextMap') + 1
        assert types[-1] == 'PackWebInputs'
    for loader in (cfg.val_dataloader, cfg.test_dataloader):
        assert 'RandomDropWords' not in [t['type'] for t in loader.dataset.pipeline]
