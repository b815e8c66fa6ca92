"""Loading of a captured page: screenshot, page record, page window, DOM candidates, TextMap."""
import math
from typing import Dict, Optional, Sequence, Union

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS

from ...boxes import clip_boxes, inside_window, shift_boxes
from ...page_record import PageRecordError, load_page_record
from ...style_channels import STYLE_CHANNELS, image_channels, text_style_vectors
from ...textmaps import DEFAULT_REMOVE_CHARS, TextMapEncoder, gather_nodes


@TRANSFORMS.register_module()
class LoadWebPage(BaseTransform):
    """Load ``img_path`` (the screenshot) and ``dom_path`` (the page record).

    Adds ``img`` (H, W, 3) uint8 BGR, ``img_shape``, ``ori_shape`` and ``page_record``.
    A corrupt or truncated PNG, a missing or malformed record, or a screenshot whose size differs
    from the record's raise :class:`~webdet_plugin.page_record.PageRecordError` naming the file.
    """

    def transform(self, results: dict) -> dict:
        path = results['img_path']
        try:
            with open(path, 'rb') as f:
                img = mmcv.imfrombytes(f.read(), flag='color', backend='pillow')
        except FileNotFoundError as exc:
            raise PageRecordError(f'{path}: screenshot not found') from exc
        except Exception as exc:  # PIL raises several types for broken files
            raise PageRecordError(f'{path}: corrupt or truncated image ({exc})') from exc
        if img is None:
            raise PageRecordError(f'{path}: corrupt or truncated image')
        record = load_page_record(results['dom_path'])
        if img.shape[:2] != (record.height, record.width):
            raise PageRecordError(f'{path}: screenshot is {img.shape[1]}x{img.shape[0]} but '
                                  f'{results["dom_path"]} says {record.width}x{record.height}')
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        results['page_record'] = record
        return results


@TRANSFORMS.register_module()
class CropPageWindow(BaseTransform):
    """Cut the page window ``results['window']`` (default the top-left) and pad it to ``size``.

    Ground-truth boxes are moved into the window and clipped; those left with less than
    ``min_size`` px visible are dropped and counted in ``results['dropped_gt']`` (labels below the
    fold of a tall page). Sets ``page_offset`` (x, y) so predictions map back to the page.
    ``results['window_size']`` (set by :class:`RandomPageWindow` with ``max_height``) overrides
    ``size``.

    Args:
        size (tuple[int, int]): Window ``(height, width)``. Defaults to (1280, 1280).
        pad_val (int): Fill for pages smaller than the window (white). Defaults to 255.
        min_size (float): Minimum visible width/height of a kept box. Defaults to 4.
        cut_labels (str): What becomes of a kept box that the window cuts (more than 1 px of
            it outside the window): ``'clip'`` keeps its visible part as a label; ``'ignore'``
            keeps it clipped but sets its ``gt_ignore_flags`` (mmdet's ``PackDetInputs`` moves
            it to ``ignored_instances``; an assigner with ``ignore_iof_thr > 0`` then trains
            the RoIs inside it neither as positives nor as negatives). For training windows:
            the visible part of a cut label is not the element, and as a positive it teaches
            the model that the part of an element at the window's edge is one. Defaults to
            'clip'.
    """

    def __init__(self, size: Sequence[int] = (1280, 1280), pad_val: int = 255,
                 min_size: float = 4.0, cut_labels: str = 'clip') -> None:
        if cut_labels not in ('clip', 'ignore'):
            raise ValueError(f"cut_labels must be 'clip' or 'ignore', got {cut_labels!r}")
        self.size = tuple(size)
        self.pad_val = pad_val
        self.min_size = min_size
        self.cut_labels = cut_labels

    def transform(self, results: dict) -> dict:
        h, w = results.get('window_size', self.size)
        x0, y0 = results.get('window', (0, 0))
        img = results['img']
        crop = img[y0:y0 + h, x0:x0 + w]
        out = np.full((h, w, img.shape[2]), self.pad_val, img.dtype)
        out[:crop.shape[0], :crop.shape[1]] = crop
        results['img'] = out
        results['img_shape'] = (h, w)
        results['ori_shape'] = (h, w)
        results['page_offset'] = (x0, y0)
        results['scale_factor'] = (1.0, 1.0)  # a later Resize replaces it; predict() needs it
        results['dropped_gt'] = 0
        if results.get('gt_bboxes') is not None:
            boxes = results['gt_bboxes']
            moved = clip_boxes(shift_boxes(boxes.numpy(), (x0, y0)), (h, w))
            keep = ((moved[:, 2] - moved[:, 0]) >= self.min_size) & \
                ((moved[:, 3] - moved[:, 1]) >= self.min_size)
            results['dropped_gt'] = int((~keep).sum())
            results['gt_bboxes'] = type(boxes)(moved[keep])
            if self.cut_labels == 'ignore':  # kept boxes overlap the window: not whole = cut
                cut = ~inside_window(boxes.numpy().reshape(-1, 4), x0, y0, h, w,
                                     tolerance=1)  # sub-pixel overhangs stay labels
                flags = results.get('gt_ignore_flags', np.zeros(len(cut), bool))
                results['gt_ignore_flags'] = flags | cut
            for key in ('gt_bboxes_labels', 'gt_ignore_flags'):
                if key in results:
                    results[key] = results[key][keep]
        return results


def _page_to_image(boxes: np.ndarray, results: dict) -> np.ndarray:
    """Page-pixel boxes → pixels of the (cropped, possibly resized) image, clipped."""
    moved = shift_boxes(boxes, results.get('page_offset', (0, 0)),
                        results.get('scale_factor', (1.0, 1.0)))
    return clip_boxes(moved, results['img_shape'][:2])


@TRANSFORMS.register_module()
class LoadDomCandidates(BaseTransform):
    """DOM candidates (visible leaf elements) as ``proposals`` for a Fast R-CNN RoI head.

    Uses the page record's ``elements``, in image pixels after :class:`CropPageWindow` and any
    resize; candidates outside the window (or smaller than ``min_size``) are left out.

    With ``class_tags`` it also sets ``proposals_class_mask``, ``(N, len(classes))`` bool: which
    classes each candidate may take (:class:`~webdet_plugin.models.ClassMaskedRoIHead` gives
    the others zero probability at test time). A class named in ``class_tags`` is open to the
    candidates with one of its tags (e.g. the main image to images), or to all of them on a page
    where no candidate has one; the other classes are open to every candidate.

    Args:
        min_size (float): Minimum width and height in image pixels. Defaults to 2.
        max_num (int, optional): Keep at most this many (in document order).
        key (str): ``'proposals'`` (mmdet's two-stage detectors then use them instead of an
            RPN: the Fast R-CNN baseline) or ``'dom_candidates'`` (for ``HybridRPNHead``).
        class_tags (dict[str, Sequence[str]], optional): Class name -> the element tags that
            class may be (case ignored). Only with ``key='proposals'``. Defaults to None (no
            mask).
        classes (Sequence[str], optional): The dataset's classes, in the model's order (needed
            with ``class_tags``).
    """

    def __init__(self, min_size: float = 2.0, max_num: Optional[int] = None,
                 key: str = 'proposals',
                 class_tags: Optional[Dict[str, Sequence[str]]] = None,
                 classes: Optional[Sequence[str]] = None) -> None:
        if key not in ('proposals', 'dom_candidates'):
            raise ValueError(f"key must be 'proposals' or 'dom_candidates', got {key!r}")
        self.min_size = min_size
        self.max_num = max_num
        self.key = key
        self.class_tags = None
        if class_tags:
            if key != 'proposals':
                raise ValueError("LoadDomCandidates: class_tags needs key='proposals' (the "
                                 'mask reaches the RoI head with the proposals)')
            if not classes:
                raise ValueError('LoadDomCandidates: class_tags needs the dataset\'s classes '
                                 '(classes=metainfo[\'classes\'])')
            unknown = sorted(set(class_tags) - set(classes))
            if unknown:
                raise ValueError(f'LoadDomCandidates: class_tags names {unknown}, not among the '
                                 f'classes {list(classes)}')
            self.class_tags = [None if c not in class_tags else
                               frozenset(t.lower() for t in class_tags[c]) for c in classes]

    def transform(self, results: dict) -> dict:
        elements = results['page_record'].elements
        boxes = _page_to_image(np.array([e.box for e in elements], np.float32), results)
        keep = ((boxes[:, 2] - boxes[:, 0]) >= self.min_size) & \
            ((boxes[:, 3] - boxes[:, 1]) >= self.min_size)
        idx = np.flatnonzero(keep)[:self.max_num]
        results[self.key] = boxes[idx]
        results[f'{self.key}_scores'] = np.ones(len(idx), np.float32)
        if self.class_tags is not None:
            tags = [elements[i].tag.lower() for i in idx]
            mask = np.ones((len(idx), len(self.class_tags)), bool)
            for k, allowed in enumerate(self.class_tags):
                if allowed is not None:
                    column = np.array([t in allowed for t in tags], bool)
                    if column.any():  # a page without such a candidate keeps the class open
                        mask[:, k] = column
            results[f'{self.key}_class_mask'] = mask
        return results


@TRANSFORMS.register_module()
class LoadPageProposals(BaseTransform):
    """Proposals from a proposal file (``WebPageDataset(proposal_file=...)``) into image pixels.

    The file (written by mmdet's ``DumpProposals`` from a model run on the top page window)
    holds boxes in page pixels; like :class:`LoadDomCandidates` this maps them through the crop
    and resize, keeps the ``max_num`` best-scored and sets ``proposals``/``proposals_scores``.

    Args:
        max_num (int, optional): Keep at most this many. Defaults to 300.
    """

    def __init__(self, max_num: Optional[int] = 300) -> None:
        self.max_num = max_num

    def transform(self, results: dict) -> dict:
        props = results['proposals']
        boxes = np.asarray(props['bboxes'], np.float32).reshape(-1, 4)
        scores = np.asarray(props['scores'], np.float32).reshape(-1)
        order = np.argsort(-scores, kind='stable')[:self.max_num]
        results['proposals'] = _page_to_image(boxes[order], results)
        results['proposals_scores'] = scores[order]
        return results


@TRANSFORMS.register_module()
class LoadTextMap(BaseTransform):
    """TextMap of the image as an index map + node table (see :mod:`webdet_plugin.textmaps`).

    Must run after :class:`CropPageWindow` and any resize: the map has
    ``ceil(H / scale) x ceil(W / scale)`` cells of the final image.

    Args:
        n_features (int): Hashed features (TextMap channels). Defaults to 128.
        scale (int): Image pixels per cell (the backbone's stride). Defaults to 8.
        remove_chars (str): Characters deleted before tokenising.
        replace_numbers (bool): Replace digit runs by ``^number^``. Defaults to True.
        geometry (bool): Also set ``textmap_geometry``: ``(4, h, w)`` float16, each cell's
            distance to the edges of its text node's box (all lines;
            :meth:`~webdet_plugin.textmaps.TextMapEncoder.geometry`). Defaults to False.
        style (bool | Sequence[str]): Also set ``textmap_style``: ``(C, h, w)`` float16, the
            computed style of the text node covering each cell and the images under it: True
            for all of :data:`~webdet_plugin.style_channels.STYLE_CHANNELS` (``C = 13``), or
            the names of those to keep, in that order (an ablation; the backbone's
            ``text_style_channels`` is their number). Needs a record with styles
            (``webdet-page/2``), else :class:`~webdet_plugin.page_record.PageRecordError`
            naming the file. Defaults to False.
    """

    def __init__(self, n_features: int = 128, scale: int = 8,
                 remove_chars: str = DEFAULT_REMOVE_CHARS, replace_numbers: bool = True,
                 geometry: bool = False, style: Union[bool, Sequence[str]] = False) -> None:
        self.encoder = TextMapEncoder(n_features, scale, remove_chars, replace_numbers)
        self.geometry = geometry
        self.style = bool(style)
        self.style_index = None
        if not isinstance(style, bool):
            style = (style, ) if isinstance(style, str) else tuple(style)
            unknown = [c for c in style if c not in STYLE_CHANNELS]
            if unknown or not len(style):
                raise ValueError(f'LoadTextMap: style channels {unknown or "(none)"} are not of '
                                 f'{STYLE_CHANNELS}')
            self.style_index = [STYLE_CHANNELS.index(c) for c in style]

    def transform(self, results: dict) -> dict:
        nodes = results['page_record'].text_nodes
        h, w = results['img_shape'][:2]
        scale = self.encoder.scale
        lines = [_page_to_image(np.array(n.lines, np.float32), results) for n in nodes]
        map_size = (math.ceil(h / scale), math.ceil(w / scale))
        node_index = self.encoder.paint(lines, map_size)
        index, table = self.encoder.compact(node_index, [n.text for n in nodes])
        results['textmap_index'] = index
        results['textmap_table'] = table
        if self.geometry:
            results['textmap_geometry'] = self.encoder.geometry(node_index, lines)
        if self.style:
            record = results['page_record']
            source = results.get('dom_path', record.page_id)
            words = gather_nodes(node_index, text_style_vectors(nodes, source))
            boxes = _page_to_image(np.array([e.box for e in record.elements],
                                            np.float32).reshape(-1, 4), results)
            images = image_channels(record.elements, boxes, map_size, scale)
            style = np.concatenate([words, images])
            if self.style_index is not None:
                style = style[self.style_index]
            results['textmap_style'] = style.astype(np.float16)
        return results
