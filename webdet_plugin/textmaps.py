"""TextMaps: the page's text as a low-resolution feature map, carried compactly.

As in the original TextMaps method, each text node is normalised (lowercase, whitespace collapsed,
``!.;?^*()_{}|`` removed, every run of digits replaced by ``^number^``), split on whitespace and
hashed as a bag of words into ``n_features`` non-negative, L2-normalised features (scikit-learn's
:class:`~sklearn.feature_extraction.text.HashingVectorizer`). The feature vector is painted over
each of the node's line boxes at ``1/scale`` resolution, larger boxes first so that smaller ones
overwrite them.

Instead of a dense ``(n_features, H/scale, W/scale)`` float array, :meth:`TextMapEncoder.encode`
returns an integer *index map* (which node covers each cell, ``-1`` for none) and the
``(N, n_features)`` *node table*; :func:`densify` (numpy) or the model's data preprocessor (torch,
on the model's device) turns them into the dense map by a gather.
"""
import re
from typing import List, Sequence, Tuple

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

DEFAULT_REMOVE_CHARS = '!.;?^*()_{}|'
NUMBER_TOKEN = '^number^'


def cell_span(lo: float, hi: float, scale: int, size: int) -> Tuple[int, int]:
    """Cells ``[a, b)`` a page-pixel interval ``[lo, hi]`` paints at ``1/scale``.

    Both ends are rounded to the nearest cell edge and at least one cell is painted, then the span
    is clipped to ``[0, size)`` (it may end up empty for intervals off the map).
    """
    a = int(round(lo / scale))
    b = max(int(round(hi / scale)), a + 1)
    return max(a, 0), min(b, size)


class TextMapEncoder:
    """Tokenise, hash and paint text nodes into an index map + node table.

    Args:
        n_features (int): Hashed features per node (the TextMap's channels). Defaults to 128.
        scale (int): Page pixels per TextMap cell. Defaults to 8.
        remove_chars (str): Characters deleted before tokenising.
        replace_numbers (bool): Replace each run of digits by ``^number^``. Defaults to True.
        lowercase (bool): Lowercase the text first. Defaults to True.
    """

    def __init__(self,
                 n_features: int = 128,
                 scale: int = 8,
                 remove_chars: str = DEFAULT_REMOVE_CHARS,
                 replace_numbers: bool = True,
                 lowercase: bool = True) -> None:
        self.n_features = n_features
        self.scale = scale
        self.lowercase = lowercase
        self.replace_numbers = replace_numbers
        self._remove = re.compile('[' + re.escape(remove_chars) + ']') if remove_chars else None
        self._vectorizer = HashingVectorizer(
            n_features=n_features, analyzer=self.tokenize, alternate_sign=False, norm='l2')

    def tokenize(self, text: str) -> List[str]:
        """Normalise ``text`` and split it into tokens."""
        if self.lowercase:
            text = text.lower()
        text = ' '.join(text.split())
        if self._remove is not None:
            text = self._remove.sub('', text)
        if self.replace_numbers:
            text = re.sub(r'\d+', NUMBER_TOKEN, text)
        return text.split()

    def hash_texts(self, texts: Sequence[str]) -> np.ndarray:
        """``(N, n_features)`` float32 rows, L2-normalised (all-zero for texts without tokens)."""
        if len(texts) == 0:
            return np.zeros((0, self.n_features), np.float32)
        return self._vectorizer.transform(list(texts)).toarray().astype(np.float32)

    def encode(self, lines: Sequence[Sequence[Sequence[float]]], texts: Sequence[str],
               map_size: Tuple[int, int]) -> Tuple[np.ndarray, np.ndarray]:
        """Paint nodes into an index map (:meth:`paint`, then :meth:`compact`).

        Args:
            lines (Sequence): For each node, its line boxes ``[x1, y1, x2, y2]`` in the pixel
                frame of the map (page pixels minus any crop offset).
            texts (Sequence[str]): For each node, its text.
            map_size (tuple[int, int]): ``(height, width)`` of the index map in cells.

        Returns:
            tuple[ndarray, ndarray]: ``index`` ``(h, w)`` int32 with the covering node's row in
            ``table`` or -1, and ``table`` ``(M, n_features)`` float16 holding only the ``M``
            nodes that paint at least one cell (in their input order).
        """
        if len(lines) != len(texts):
            raise ValueError(f'{len(lines)} line lists for {len(texts)} texts')
        return self.compact(self.paint(lines, map_size), texts)

    def paint(self, lines: Sequence[Sequence[Sequence[float]]],
              map_size: Tuple[int, int]) -> np.ndarray:
        """Which node covers each cell: ``(h, w)`` int32 node numbers, -1 for none.

        Each line box paints its cells (:func:`cell_span`), larger boxes first so that smaller
        ones overwrite them.
        """
        h, w = map_size
        node_index = np.full((h, w), -1, np.int32)
        boxes = [(node, box) for node, node_lines in enumerate(lines) for box in node_lines]
        areas = np.array([(b[2] - b[0]) * (b[3] - b[1]) for _, b in boxes], np.float64)
        for k in np.argsort(-areas, kind='stable'):
            node, box = boxes[k]
            xa, xb = cell_span(box[0], box[2], self.scale, w)
            ya, yb = cell_span(box[1], box[3], self.scale, h)
            if xa < xb and ya < yb:  # (a span off the map may end below 0)
                node_index[ya:yb, xa:xb] = node
        return node_index

    def compact(self, node_index: np.ndarray,
                texts: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
        """The index map + node table of :meth:`encode` from a :meth:`paint` result."""
        used = np.unique(node_index[node_index >= 0])
        remap = np.full(len(texts) + 1, -1, np.int32)  # remap[-1] == -1 keeps empty cells
        remap[used] = np.arange(len(used), dtype=np.int32)
        table = self.hash_texts([texts[i] for i in used]).astype(np.float16)
        return remap[node_index], table

    def geometry(self, node_index: np.ndarray,
                 lines: Sequence[Sequence[Sequence[float]]]) -> np.ndarray:
        """Where each painted cell lies in its text node's box: 4 dense channels.

        A text node of several rendered lines paints each line with the same hashed vector, so
        the first line of a two-line product name looks like a whole one-line name to a small
        receptive field. These channels give every cell the distance from its centre to the
        top, bottom, left and right edge of the box around *all* lines of the node covering it,
        as ``log(1 + cells)``; 0 where no text.

        Args:
            node_index (ndarray): ``(h, w)`` from :meth:`paint` (the node covering each cell).
            lines (Sequence): For each node, its line boxes (as :meth:`encode`).

        Returns:
            ndarray: ``(4, h, w)`` float16: top, bottom, left, right distances.
        """
        geom = np.zeros((4, ) + node_index.shape, np.float32)
        painted = node_index >= 0
        if not painted.any():
            return geom.astype(np.float16)
        node_boxes = np.zeros((len(lines), 4), np.float32)  # nodes without lines paint nothing
        for node, node_lines in enumerate(lines):
            if len(node_lines):
                b = np.asarray(node_lines, np.float32).reshape(-1, 4)
                node_boxes[node] = (b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())
        ys, xs = np.nonzero(painted)
        cy, cx = (ys + 0.5) * self.scale, (xs + 0.5) * self.scale
        x1, y1, x2, y2 = node_boxes[node_index[ys, xs]].T
        geom[:, ys, xs] = np.stack([cy - y1, y2 - cy, cx - x1, x2 - cx])
        return np.log1p(np.maximum(geom, 0) / self.scale).astype(np.float16)


def gather_nodes(node_index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Dense ``(K, h, w)`` float32 map: row ``node_index[y, x]`` of ``values`` (``(N, K)``) per
    cell, zeros where no node (``node_index`` from :meth:`TextMapEncoder.paint`)."""
    dense = np.zeros((values.shape[1], ) + node_index.shape, np.float32)
    covered = node_index >= 0
    dense[:, covered] = values[node_index[covered]].astype(np.float32).T
    return dense


def densify(index: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Dense ``(n_features, h, w)`` float32 TextMap from an index map and node table."""
    return gather_nodes(index, table)
