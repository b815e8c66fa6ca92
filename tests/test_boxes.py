"""Boxes: clip, shift, inside a window, IoU (mmdet's bbox_overlaps)."""
import subprocess
import sys

import numpy as np

from webdet_plugin.boxes import box_iou, clip_boxes, inside_window, shift_boxes
from .conftest import ROOT


def test_clip_boxes_array_keeps_dtype():
    boxes = np.array([[-5, -2, 30, 12], [10, 20, 200, 300]], np.float32)
    out = clip_boxes(boxes, (100, 150))
    assert out.dtype == np.float32 and out is not boxes
    np.testing.assert_array_equal(out, [[0, 0, 30, 12], [10, 20, 150, 100]])
    assert boxes[0, 0] == -5  # not changed in place


def test_clip_boxes_one_box_keeps_its_numbers():
    out = clip_boxes([-3, 12.5, 900, 40], (896, 1280))
    assert out == [0, 12.5, 900, 40] and [type(v) for v in out] == [int, float, int, int]
    assert clip_boxes([10.5, 20, 1300.25, 900], (896, 1280)) == [10.5, 20, 1280, 896]


def test_shift_boxes_moves_then_scales():
    boxes = np.array([10, 20, 110, 60], np.int64)
    out = shift_boxes(boxes, (10, 10))
    assert out.dtype == np.float32 and out.shape == (1, 4)
    np.testing.assert_array_equal(out, [[0, 10, 100, 50]])
    np.testing.assert_array_equal(shift_boxes(boxes, (10, 10), (0.5, 2.0)), [[0, 20, 50, 100]])


def test_inside_window_with_tolerance():
    boxes = np.array([[0, 0, 10, 10], [95, 5, 100.5, 10], [-20, 0, -10, 5]], np.float32)
    assert inside_window(boxes, 0, 0, 50, 100).tolist() == [True, False, False]
    assert inside_window(boxes, 0, 0, 50, 100, tolerance=1).tolist() == [True, True, False]


def test_box_iou():
    a = np.array([[0, 0, 10, 10]], float)
    b = np.array([[0, 0, 10, 10], [5, 0, 15, 10], [20, 20, 30, 30]], float)
    np.testing.assert_allclose(box_iou(a, b), [[1.0, 50 / 150, 0.0]])
    assert box_iou(a, b).dtype == np.float64
    assert box_iou(a.astype(np.float32), b.astype(np.float32)).dtype == np.float32


def test_box_iou_zero_area_and_empty():
    z = np.array([[5, 5, 5, 5], [0, 0, 0, 10], [0, 0, 10, 10]], np.float32)
    np.testing.assert_array_equal(box_iou(z, z), [[0, 0, 0], [0, 0, 0], [0, 0, 1]])
    assert box_iou(z[:0], z).shape == (0, 3) and box_iou(z, z[:0]).shape == (3, 0)


def test_importing_boxes_imports_neither_torch_nor_mmdet():
    # page capture clips with it; importing the package itself loads the models, so the module is
    # loaded from its file alone
    code = ('import importlib.util, sys; spec = importlib.util.spec_from_file_location('
            '"boxes", "webdet_plugin/boxes.py"); m = importlib.util.module_from_spec(spec); '
            'spec.loader.exec_module(m); print(sorted({"torch", "mmdet"} & set(sys.modules)))')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert out.strip() == '[]'
