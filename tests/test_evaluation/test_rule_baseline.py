"""The rule baseline: first h1, largest image, nearest price-looking text below the name."""
import pytest

from webdet_plugin.evaluation import rule_accuracy, rule_guesses
from webdet_plugin.page_record import Element, Label, PageRecord


def page(elements, labels):
    return PageRecord('p', 1280, 3000, elements=[Element(*e) for e in elements],
                      labels=[Label(*lab) for lab in labels])


ELEMENTS = [
    ('span', [10, 10, 200, 30], 'Cart: $0.00'),          # a price above the name
    ('img', [10, 40, 110, 90], '', 'logo.png'),
    ('h1', [300, 100, 900, 150], 'Copper Kettle'),
    ('img', [10, 100, 290, 500], '', 'kettle.jpg'),      # the largest image
    ('span', [300, 300, 400, 330], '€ 1.299,50'),        # nearest price below the name
    ('span', [300, 200, 420, 220], 'In stock'),
    ('span', [300, 700, 400, 730], '12,00 zł'),
    ('img', [10, 1000, 1000, 2000], '', 'banner.jpg'),   # larger, but below the window
]


def test_rules_pick_h1_largest_image_nearest_price():
    guesses = rule_guesses(page(ELEMENTS, []), window=(896, 1280))
    assert guesses == dict(name=[300, 100, 900, 150], image=[10, 100, 290, 500],
                           price=[300, 300, 400, 330])


def test_accuracy_counts_labels_in_the_window_only():
    labels = [('name', [300, 100, 900, 150]), ('price', [300, 700, 400, 730]),
              ('image', [10, 100, 290, 500]), ('price', [0, 2500, 100, 2600])]
    acc = rule_accuracy([page(ELEMENTS, labels[:3]), page(ELEMENTS[2:3], labels[:1])],
                        window=(896, 1280))
    assert acc['name_top1'] == 1.0 and acc['name_pages'] == 2
    assert acc['price_top1'] == 0.0 and acc['image_top1'] == 1.0
    assert acc['mean_top1'] == pytest.approx(2 / 3)
    below = rule_accuracy([page(ELEMENTS, labels[3:])], window=(896, 1280))
    assert 'price_top1' not in below and below['price_pages'] == 0
