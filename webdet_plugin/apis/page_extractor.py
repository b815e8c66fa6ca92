"""Extraction: from a web page to JSON of its labelled elements (name, price, image, ...).

The model finds boxes; the page's DOM holds the text. :class:`PageExtractor` captures a page
(the same code as the dataset, clipped to the window the model sees), runs the detector on the
page window, keeps the best detection(s) per class and snaps each to the DOM: the leaf element
with the highest IoU (images prefer ``img`` elements) and, for text classes, the text nodes whose
lines lie inside the box. :meth:`PageExtractor.extract_many` captures the next page in a
background thread while the model runs on the current one.
"""
import os
import os.path as osp
import tempfile
import time
from dataclasses import dataclass
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate
from PIL import Image, ImageDraw

from ..boxes import box_iou
from ..capture import CaptureJob, CaptureOptions, PageCapturer, prefetch_captures
from ..engine import bf16_autocast
from ..engine.bf16_optim_wrapper import cpu_has_native_bf16
from ..page_record import DOM_NAME, SCREENSHOT_NAME, PageRecord, PageRecordError, load_page_record
from .inference import init_web_detector
from .metafile import find_model

MEDIA_CLASSES = ('image', )
COLORS = ((220, 20, 60), (0, 160, 0), (0, 80, 255), (230, 140, 0), (150, 0, 200))


def snap_to_dom(box: Sequence[float], record: PageRecord, media: bool) -> dict:
    """The DOM element and text that a page-pixel ``box`` designates.

    Args:
        box (Sequence[float]): ``[x1, y1, x2, y2]`` in page pixels.
        record (PageRecord): The page.
        media (bool): Prefer ``img``/``svg``/``picture`` elements (image classes).

    Returns:
        dict: ``element`` (tag, box, text, src, alt) or None, ``iou`` with it, and ``text``: the
        text of the nodes with a line centred inside ``box`` (document order), or the element's.
    """
    b = np.array([box], np.float32)
    elements = record.elements
    if media:
        idx = [i for i, e in enumerate(elements) if e.tag in ('img', 'svg', 'picture', 'canvas')]
        idx = idx or list(range(len(elements)))
    else:
        idx = list(range(len(elements)))
    element, iou = None, 0.0
    if idx:
        ious = box_iou(b, np.array([elements[i].box for i in idx], np.float32))[0]
        best = int(np.argmax(ious))
        if ious[best] > 0:
            element, iou = elements[idx[best]], float(ious[best])
    texts = []
    for node in record.text_nodes:
        lines = np.array(node.lines, np.float32).reshape(-1, 4)
        cx, cy = (lines[:, 0] + lines[:, 2]) / 2, (lines[:, 1] + lines[:, 3]) / 2
        if ((cx >= box[0]) & (cx <= box[2]) & (cy >= box[1]) & (cy <= box[3])).any():
            texts.append(node.text)
    text = ' '.join(texts) if texts and not media else (element.text if element else '')
    out = dict(element=None, iou=round(iou, 4), text=text)
    if element is not None:
        out['element'] = dict(tag=element.tag, box=element.box, text=element.text,
                              src=element.src, alt=element.alt)
    return out


def model_window(cfg: Config) -> Optional[Tuple[int, int]]:
    """``(height, width)`` of the page window the config's test pipeline crops, if it does."""
    for step in cfg.test_dataloader.dataset.pipeline:
        if step['type'] == 'CropPageWindow':
            size = step['size']
            return (size, size) if isinstance(size, int) else tuple(size)
    return None


@dataclass
class PageExtraction:
    """One page of :meth:`PageExtractor.extract_many`.

    Args:
        job (CaptureJob): The page asked for.
        page_dir (str, optional): Its captured page folder (None if capturing failed).
        result (dict, optional): What :meth:`PageExtractor.extract_page_dir` returns, with
            ``seconds['capture']`` added; None on failure.
        error (str, optional): Why the page has no result.
    """
    job: CaptureJob
    page_dir: Optional[str]
    result: Optional[dict] = None
    error: Optional[str] = None


class PageExtractor:
    """Detector + DOM snapping, for captured page folders or pages to capture.

    Args:
        config (str): Model config (its ``test_dataloader`` pipeline is used, without
            ``LoadAnnotations``).
        checkpoint (str, optional): Trained weights (None: random weights, for timing).
        device (str): ``'cpu'`` or ``'cuda:0'``.
        top_k (int): Detections kept per class. Defaults to 1.
        score_thr (float): Detections below are reported with ``found: false``.
        capture_options (CaptureOptions, optional): For pages that need capturing. None: the
            defaults, with ``max_height`` = the height of the model's window (the screenshot
            and the DOM record hold only what the model sees).
        bf16 (bool, optional): Run the backbone and neck (nearly all of the FLOPs) under
            bfloat16 autocast; the heads, NMS and RoIPool stay in float32. About 3x faster on
            CPUs with AMX/AVX512-BF16 (``tools/benchmarks/bench_extract.py`` measures how often
            the two agree). None (default): on where the CPU computes bfloat16 natively.
        cfg_options (dict, optional): Config overrides, e.g.
            ``{'model.test_cfg.rpn.max_per_img': 100}``.
    """

    def __init__(self, config: str, checkpoint: Optional[str], device: str = 'cpu', top_k: int = 1,
                 score_thr: float = 0.3, capture_options: Optional[CaptureOptions] = None,
                 bf16: Optional[bool] = None, cfg_options: Optional[dict] = None) -> None:
        self.model = init_web_detector(config, checkpoint, device=device, cfg_options=cfg_options)
        device_type = torch.device(device).type
        if bf16 is None:
            bf16 = device_type == 'cpu' and cpu_has_native_bf16()
        self.bf16 = bool(bf16)
        if self.bf16:
            self.model.extract_feat = bf16_autocast(self.model.extract_feat, device_type)
        cfg = self.model.cfg
        steps = [t for t in cfg.test_dataloader.dataset.pipeline if t['type'] != 'LoadAnnotations']
        self.pipeline = Compose(steps)
        self.classes = list(self.model.dataset_meta['classes'])
        self.top_k, self.score_thr = top_k, score_thr
        self.window = model_window(cfg)
        if capture_options is None:
            capture_options = CaptureOptions()
            if self.window is not None:
                capture_options.max_height = self.window[0]
        self.capture_options = capture_options
        self._capturer = None
        self._tmp = None

    @classmethod
    def from_metafile(cls, metafile: str, name: Optional[str] = None,
                      **kwargs) -> 'PageExtractor':
        """The extractor of a named model of a metafile (:mod:`webdet_plugin.apis.metafile`).

        Args:
            metafile (str): E.g. the project's ``configs/metafile.yml``.
            name (str, optional): The model's name; None: the first listed model whose weights
                exist.
            **kwargs: As :class:`PageExtractor` (``device``, ``top_k``, ...).

        Returns:
            PageExtractor: With that model's config and weights.
        """
        model = find_model(metafile, name)
        if not osp.isfile(model.weights):
            raise FileNotFoundError(f'{model.weights}: the weights of {model.name} '
                                    f'({metafile}) are not there: train it first')
        return cls(model.config, model.weights, **kwargs)

    def close(self) -> None:
        if self._capturer is not None:
            self._capturer.__exit__(None, None, None)
            self._capturer = None

    def _pages_dir(self) -> str:
        if self._tmp is None:
            self._tmp = tempfile.mkdtemp(prefix='webdet-extract-')
        return self._tmp

    def capture(self, source: str, page_id: str) -> str:
        """Capture ``source`` into a temporary page folder; returns the folder."""
        if self._capturer is None:
            self._capturer = PageCapturer(self.capture_options).__enter__()
        self._capturer.capture(source, self._pages_dir(), page_id)
        return osp.join(self._pages_dir(), page_id)

    def extract_many(self, jobs: Iterable[CaptureJob], pages_dir: Optional[str] = None,
                     ahead: int = 1) -> Iterator[PageExtraction]:
        """Extract a batch of pages, capturing the next while the model runs on the current.

        One browser serves the batch (in a background thread, :func:`prefetch_captures`); a
        job whose source is a captured page folder is used as it is. A page that fails (capture
        or a broken record) is yielded with its ``error`` and the batch goes on.

        Args:
            jobs (Iterable[CaptureJob]): Pages (HTML files, URLs or page folders).
            pages_dir (str, optional): Where captured page folders go (default: a temporary
                folder of this extractor).
            ahead (int): Pages captured ahead of the model. Defaults to 1.

        Yields:
            PageExtraction: One per job, in job order.
        """
        pages_dir = pages_dir or self._pages_dir()
        for page in prefetch_captures(jobs, pages_dir, self.capture_options, ahead):
            if page.error is not None:
                yield PageExtraction(page.job, None, error=page.error)
                continue
            try:
                result = self.extract_page_dir(page.page_dir)
            except (PageRecordError, OSError, ValueError) as exc:
                yield PageExtraction(page.job, page.page_dir, error=f'{page.job.source}: {exc}')
                continue
            result['seconds']['capture'] = round(page.seconds, 3)
            yield PageExtraction(page.job, page.page_dir, result)

    @torch.no_grad()
    def detect(self, page_dir: str):
        """Run the model on a captured page; returns ``(record, data_sample)``."""
        record, sample, _ = self._detect(page_dir)
        return record, sample

    def _detect(self, page_dir: str):
        """``(record, data_sample, seconds)``: ``seconds`` has ``load`` (record, screenshot,
        TextMap) and ``model``."""
        t0 = time.perf_counter()
        record = load_page_record(osp.join(page_dir, DOM_NAME))
        data = self.pipeline(dict(img_path=osp.join(page_dir, SCREENSHOT_NAME),
                                  dom_path=osp.join(page_dir, DOM_NAME), img_id=0,
                                  page_id=record.page_id, window=(0, 0)))
        t1 = time.perf_counter()
        with torch.no_grad():
            sample = self.model.test_step(pseudo_collate([data]))[0]
        return record, sample, dict(load=t1 - t0, model=time.perf_counter() - t1)

    def extract_page_dir(self, page_dir: str) -> dict:
        """JSON-able extraction of a captured page folder (boxes in page pixels).

        ``seconds`` holds the time of each stage: ``load`` (record, screenshot, TextMap),
        ``model`` and ``snapping``.
        """
        record, sample, seconds = self._detect(page_dir)
        t0 = time.perf_counter()
        ox, oy = sample.metainfo.get('page_offset', (0, 0))
        pred = sample.pred_instances
        boxes = pred.bboxes.cpu().numpy() + np.array([ox, oy, ox, oy], np.float32)
        scores, labels = pred.scores.cpu().numpy(), pred.labels.cpu().numpy()
        results: Dict[str, Optional[List[dict]]] = {}
        for c, name in enumerate(self.classes):
            order = np.flatnonzero(labels == c)
            order = order[np.argsort(-scores[order], kind='stable')][:self.top_k]
            if len(order) == 0:
                results[name] = None
                continue
            results[name] = []
            for i in order:
                box = [round(float(v), 1) for v in boxes[i]]
                entry = dict(score=round(float(scores[i]), 4),
                             found=bool(scores[i] >= self.score_thr), box=box)
                entry.update(snap_to_dom(box, record, name in MEDIA_CLASSES))
                results[name].append(entry)
        return dict(page_id=record.page_id, url=record.url, width=record.width,
                    height=record.height, results=results,
                    seconds=dict({k: round(v, 3) for k, v in seconds.items()},
                                 snapping=round(time.perf_counter() - t0, 3)),
                    window=[int(ox), int(oy), int(sample.ori_shape[1]), int(sample.ori_shape[0])])

    def draw(self, page_dir: str, extraction: dict, out_file: str) -> None:
        """Save the page window with the extracted boxes, labels and scores drawn."""
        x0, y0, w, h = extraction['window']
        with Image.open(osp.join(page_dir, SCREENSHOT_NAME)) as im:
            img = im.convert('RGB').crop((x0, y0, x0 + w, y0 + h))
        draw = ImageDraw.Draw(img)
        for c, name in enumerate(self.classes):
            for entry in extraction['results'].get(name) or []:
                color = COLORS[c % len(COLORS)]
                x1, y1, x2, y2 = (v - o for v, o in zip(entry['box'], (x0, y0, x0, y0)))
                draw.rectangle([x1, y1, x2, y2], outline=color, width=3 if entry['found'] else 1)
                draw.text((x1 + 2, max(y1 - 12, 0)), f'{name} {entry["score"]:.2f}', fill=color)
        os.makedirs(osp.dirname(osp.abspath(out_file)), exist_ok=True)
        img.save(out_file)
