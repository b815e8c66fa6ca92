"""Extraction accuracy: an entry is right only on the labelled element; a run over a split."""
from webdet_plugin.apis import snap_to_dom
from webdet_plugin.evaluation import extraction_accuracy, is_right
from webdet_plugin.page_record import load_page_record


def test_an_entry_is_right_only_on_the_labelled_element(tiny_dataset):
    record = load_page_record(str(sorted((tiny_dataset / 'pages').iterdir())[0]))
    for label in record.labels:
        media = label.label == 'image'
        assert is_right(snap_to_dom(label.box, record, media), label, record)
        others = [lab for lab in record.labels if lab.label != label.label]
        assert not is_right(snap_to_dom(others[0].box, record, media), label, record)
        assert not is_right(None, label, record)


def test_extraction_accuracy_counts_every_label(tiny_dataset):
    """An extractor that returns each page's own labels snapped to the DOM is always right; one
    that returns nothing is always wrong."""
    def oracle(page_dir):
        record = load_page_record(page_dir)
        return dict(results={lab.label: [snap_to_dom(lab.box, record, lab.label == 'image')]
                             for lab in record.labels})

    perfect = extraction_accuracy(oracle, str(tiny_dataset), 'train', progress=False)
    assert perfect['pages'] == 2 and perfect['mean'] == 1.0
    assert sum(perfect['total'].values()) == 6 and perfect['right'] == perfect['total']
    empty = extraction_accuracy(lambda d: dict(results={}), str(tiny_dataset), 'train',
                                max_pages=1, progress=False)
    assert empty['pages'] == 1 and empty['mean'] == 0.0
