import numpy as np
import pytest
import torch

from webdet_plugin.models import batch_textmap_index, gather_textmap
from webdet_plugin.textmaps import TextMapEncoder, densify


def murmur3_32(data: bytes, seed: int = 0) -> int:
    """Signed 32-bit MurmurHash3 (x86), written from the algorithm's description."""
    c1, c2, mask = 0xcc9e2d51, 0x1b873593, 0xffffffff
    h = seed & mask
    n = len(data) // 4 * 4
    for i in range(0, n, 4):
        k = int.from_bytes(data[i:i + 4], 'little')
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
        h = ((h << 13) | (h >> 19)) & mask
        h = (h * 5 + 0xe6546b64) & mask
    k = 0
    tail = data[n:]
    for j in range(len(tail) - 1, -1, -1):
        k = (k << 8) | tail[j]
    if tail:
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85ebca6b) & mask
    h ^= h >> 13
    h = (h * 0xc2b2ae35) & mask
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def reference_features(text: str, n: int = 128) -> np.ndarray:
    """Independent TextMaps features: normalise, tokenise, hash, count, L2-normalise."""
    t = ' '.join(text.lower().split())
    for ch in '!.;?^*()_{}|':
        t = t.replace(ch, '')
    out, digits = [], ''
    for ch in t + ' ':  # digit runs -> ^number^
        if ch.isdigit():
            digits += ch
            continue
        if digits:
            out.append('^number^')
            digits = ''
        out.append(ch)
    vec = np.zeros(n)
    for tok in ''.join(out).split():
        vec[abs(murmur3_32(tok.encode('utf-8'))) % n] += 1
    norm = np.linalg.norm(vec)
    return vec / norm if norm else vec


FIXTURES = [
    'Acme Steel Kettle 1.7L', '$1,299.99', 'Sale!!! (was 12.50 €) {limited}', 'Café crème brûlée',
    '  multiple\n\twhitespace   runs ', 'ÜBER 2000 Artikel | Versand', '!!!', '', 'x_y*z^w',
    'price: 12 990 Kč', '漢字 テキスト 123'
]


def test_tokenize_rules():
    enc = TextMapEncoder()
    assert enc.tokenize('Sale!!! (was 12.50 €)') == ['sale', 'was', '^number^', '€']
    assert enc.tokenize('$1,299.99') == ['$^number^,^number^']
    assert enc.tokenize('A  b\nC') == ['a', 'b', 'c']


@pytest.mark.parametrize('n', [128, 32])
def test_hashing_matches_independent_implementation(n):
    enc = TextMapEncoder(n_features=n)
    got = enc.hash_texts(FIXTURES)
    want = np.stack([reference_features(t, n) for t in FIXTURES])
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    assert (got >= 0).all()


def dense_paint(lines, texts, size, enc):
    """Reference: paint float vectors directly, larger boxes first."""
    feats = np.stack([reference_features(t, enc.n_features) for t in texts]).astype(np.float16)
    h, w = size
    dense = np.zeros((enc.n_features, h, w), np.float32)
    boxes = [(node, b) for node, ls in enumerate(lines) for b in ls]
    boxes.sort(key=lambda nb: -(nb[1][2] - nb[1][0]) * (nb[1][3] - nb[1][1]))
    s = enc.scale
    for node, (x1, y1, x2, y2) in boxes:
        for cy in range(h):
            for cx in range(w):
                xa, ya = round(x1 / s), round(y1 / s)
                xb, yb = max(round(x2 / s), xa + 1), max(round(y2 / s), ya + 1)
                if xa <= cx < xb and ya <= cy < yb:
                    dense[:, cy, cx] = feats[node]
    return dense


def test_index_map_and_gather_equal_dense_painting():
    enc = TextMapEncoder(n_features=16, scale=8)
    lines = [
        [[0, 0, 120, 80]],  # a big block
        [[10, 10, 60, 26], [10, 30, 40, 46]],  # two lines nested inside it
        [[100, 60, 300, 90]],  # overlapping the block, partly off the map
        [[-50, -20, 12, 12]],  # mostly off the page
        [[500, 500, 600, 520]],  # entirely off the map
        [[33, 33, 33, 33]],  # zero-size: still one cell
    ]
    texts = ['block text', 'first line', 'overlap 12', 'corner', 'gone', 'dot']
    size = (14, 20)
    index, table = enc.encode(lines, texts, size)
    assert index.shape == size and table.shape == (5, 16) and table.dtype == np.float16
    np.testing.assert_array_equal(densify(index, table), dense_paint(lines, texts, size, enc))
    # nested lines overwrite the block; off-map nodes paint nothing
    assert index[1, 1] == 1 and index[9, 0] == 0 and index.max() == 4  # 'gone' left out
    # the torch gather used by the data preprocessor gives the same map
    t_index = batch_textmap_index([torch.from_numpy(index).long()], [len(table)], (16, 24))
    t_dense = gather_textmap(t_index, torch.from_numpy(table).float())
    np.testing.assert_array_equal(t_dense[0, :, :14, :20].numpy(), densify(index, table))
    assert (t_dense[0, :, 14:, :] == 0).all() and (t_dense[0, :, :, 20:] == 0).all()


def test_empty_page():
    enc = TextMapEncoder()
    index, table = enc.encode([], [], (4, 5))
    assert (index == -1).all() and table.shape == (0, 128)
    assert densify(index, table).sum() == 0


def test_geometry_gives_each_cell_its_node_box_edges():
    enc = TextMapEncoder(n_features=8, scale=8)
    lines = [
        [[0, 0, 160, 120]],  # a big block
        [[16, 16, 96, 32], [16, 36, 64, 52]],  # a two-line node painted over it
        [[200, 8, 260, 24]],  # a one-line node
    ]
    size = (16, 40)
    index, _ = enc.encode(lines, ['block', 'two lines', 'one'], size)
    geom = enc.geometry(enc.paint(lines, size), lines)
    assert geom.shape == (4, 16, 40) and geom.dtype == np.float16
    # empty cells are 0; the geometry follows the index map (nested node over the block)
    assert (geom[:, index == -1] == 0).all()
    node_box = {0: (0, 0, 160, 120), 1: (16, 16, 96, 52), 2: (200, 8, 260, 24)}
    for (y, x) in [(2, 3), (5, 3), (2, 10), (10, 15), (1, 28)]:  # first line, second line, ...
        x1, y1, x2, y2 = node_box[int(index[y, x])]
        cy, cx = (y + 0.5) * 8, (x + 0.5) * 8
        want = np.log1p(np.maximum([cy - y1, y2 - cy, cx - x1, x2 - cx], 0) / 8)
        np.testing.assert_allclose(geom[:, y, x].astype(np.float32), want, rtol=2e-3)
    # the first line of the two-line node knows the node goes on below it
    assert index[2, 3] == index[5, 3] == 1
    assert geom[1, 2, 3] > geom[1, 5, 3] and geom[0, 2, 3] < geom[0, 5, 3]
    assert enc.geometry(enc.paint([], (3, 4)), []).shape == (4, 3, 4)
