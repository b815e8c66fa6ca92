"""Page folders and splits of a capture: which folders are pages, and who goes in which split."""
import pytest

from webdet_plugin.capture import assign_splits, is_page_dir, split_by_site
from webdet_plugin.page_record import PageRecord, write_json_atomic


def test_assign_splits_cuts_runs_in_order():
    names = [f's{i}' for i in range(20)]
    split = assign_splits(names)
    assert [split[n] for n in names] == ['train'] * 14 + ['val'] * 3 + ['test'] * 3
    split = assign_splits(names, order=('test', 'val', 'train'))
    assert [split[n] for n in names] == ['test'] * 3 + ['val'] * 3 + ['train'] * 14
    assert set(assign_splits(['a', 'b']).values()) == {'train'}  # too few for val and test
    three = assign_splits(['a', 'b', 'c'], (0.9, 0.01, 0.01))  # at least one in val and test
    assert three == dict(a='train', b='val', c='test')


def test_split_by_site_keeps_sites_whole_in_sorted_order():
    sites = {f'shop{i}': [f'shop{i}_p{j}' for j in range(2)] for i in range(5, -1, -1)}
    splits = split_by_site(sites)
    assert list(splits) == ['train', 'val', 'test']
    assert splits['train'] == [f'shop{i}_p{j}' for i in range(4) for j in range(2)]
    assert splits['val'] == ['shop4_p0', 'shop4_p1']
    assert splits['test'] == ['shop5_p0', 'shop5_p1']


@pytest.mark.parametrize('made,page_dir,complete', [
    ('nothing', False, False),
    ('record', True, False),
    ('record+screenshot', True, True),
    ('broken record+screenshot', True, False),
])
def test_is_page_dir(tmp_path, made, page_dir, complete):
    folder = tmp_path / 'page'
    folder.mkdir()
    if 'broken' in made:
        (folder / 'dom.json').write_text('{"format": "webdet-page/1"')
    elif 'record' in made:
        write_json_atomic(str(folder / 'dom.json'), PageRecord('page', 10, 10).to_dict())
    if 'screenshot' in made:
        (folder / 'screenshot.png').write_bytes(b'not read')
    assert is_page_dir(str(folder)) == page_dir
    assert is_page_dir(str(folder), complete=True) == complete
    assert not is_page_dir(str(tmp_path / 'missing'))
