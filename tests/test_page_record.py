import json

import pytest

from webdet_plugin.page_record import (PageRecord, PageRecordError, load_page_record,
                                       write_json_atomic)


def good_record() -> dict:
    return dict(format='webdet-page/1', page_id='p', width=100, height=200,
                text_nodes=[dict(text='hi', box=[1, 2, 30, 12], lines=[[1, 2, 30, 12]])],
                elements=[dict(tag='span', box=[1, 2, 30, 12], text='hi')],
                labels=[dict(label='name', box=[1, 2, 30, 12], element=0)])


def test_round_trip(tmp_path):
    path = tmp_path / 'dom.json'
    write_json_atomic(str(path), good_record())
    record = load_page_record(str(tmp_path))
    assert isinstance(record, PageRecord) and record.labels[0].element == 0
    assert PageRecord.from_dict(record.to_dict()) == record
    assert [p.name for p in tmp_path.iterdir()] == ['dom.json']  # no temporary left over


@pytest.mark.parametrize('mutate,message', [
    (lambda d: d.update(width=0), 'page size 0x200 is empty'),
    (lambda d: d['text_nodes'][0].update(box=[30, 2, 1, 12]), r'text_nodes\[0\].*x2 < x1'),
    (lambda d: d['labels'][0].update(element=5), r'labels\[0\] points to element 5'),
    (lambda d: d['elements'][0].update(box=[1, 2, 3]), 'does not have 4 numbers'),
    (lambda d: d['elements'][0].update(box=[1, 2, float('nan'), 3]), 'not finite'),
    (lambda d: d.pop('page_id'), 'malformed page record'),
    (lambda d: d.update(format='other/2'), 'unknown format'),
])
def test_invalid_records_name_the_file(tmp_path, mutate, message):
    data = good_record()
    mutate(data)
    path = tmp_path / 'dom.json'
    path.write_text(json.dumps(data))
    with pytest.raises(PageRecordError, match=message) as err:
        load_page_record(str(path))
    assert str(path) in str(err.value)


def test_unreadable_files(tmp_path):
    with pytest.raises(PageRecordError, match='DOM record not found'):
        load_page_record(str(tmp_path / 'missing.json'))
    bad = tmp_path / 'bad.json'
    bad.write_text('{"page_id": ')
    with pytest.raises(PageRecordError, match='bad.json: malformed JSON'):
        load_page_record(str(bad))
    latin = tmp_path / 'latin.json'
    latin.write_bytes('{"text": "Grüße"}'.encode('latin-1'))
    with pytest.raises(PageRecordError, match='latin.json: not UTF-8'):
        load_page_record(str(latin))
    with pytest.raises(PageRecordError, match='expected a JSON object'):
        PageRecord.from_dict([1, 2], source='x')


def styled_record() -> dict:
    data = good_record()
    style = dict(font_size=24.0, font_weight=700, strike=False, contrast=21.0, context='h1')
    data['text_nodes'][0].update(tag='h1', style=style)
    data['elements'][0]['style'] = dict(style, context=None)
    return dict(data, format='webdet-page/2')


def test_styles_round_trip_and_old_records_still_load(tmp_path):
    record = PageRecord.from_dict(styled_record())
    assert record.has_styles and record.text_nodes[0].style.context == 'h1'
    assert record.text_nodes[0].tag == 'h1' and record.elements[0].style.context is None
    assert record.to_dict()['format'] == 'webdet-page/2'
    assert PageRecord.from_dict(record.to_dict()) == record
    old = PageRecord.from_dict(good_record())  # webdet-page/1: captured before styles
    assert not old.has_styles and old.text_nodes[0].style is None
    assert old.to_dict()['format'] == 'webdet-page/1'  # never claims styles it lacks


@pytest.mark.parametrize('mutate,message', [
    (lambda d: d['text_nodes'][0]['style'].update(context='div'), "context 'div'"),
    (lambda d: d['elements'][0]['style'].update(font_size=float('inf')), 'not finite'),
    (lambda d: d['elements'][0]['style'].pop('contrast'), 'malformed page record'),
])
def test_invalid_styles_name_the_file(tmp_path, mutate, message):
    data = styled_record()
    mutate(data)
    path = tmp_path / 'dom.json'
    path.write_text(json.dumps(data))
    with pytest.raises(PageRecordError, match=message) as err:
        load_page_record(str(path))
    assert str(path) in str(err.value)
