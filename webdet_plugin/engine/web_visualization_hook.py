"""Pictures of test predictions, one file per page window (``tools/test.py --show-dir``)."""
import os.path as osp
from typing import Sequence

import mmcv
from mmdet.engine.hooks import DetVisualizationHook
from mmdet.registry import HOOKS
from mmdet.structures import DetDataSample
from mmengine.fileio import get
from mmengine.utils import mkdir_or_exist


@HOOKS.register_module()
class WebVisualizationHook(DetVisualizationHook):
    """:class:`~mmdet.engine.DetVisualizationHook` for page windows.

    mmdet's hook names pictures after the image file (every page's is ``screenshot.png``) and
    draws on the whole image; this one crops the screenshot to the window the model saw
    (``page_offset`` + ``ori_shape``) and names the picture ``<page_id>.png``
    (``<page_id>_y<offset>.png`` for lower windows). Arguments as the parent's.
    """

    @staticmethod
    def _gt_in_window_pixels(sample: DetDataSample) -> DetDataSample:
        """Ground truth stays in the (resized) input; predictions come back in the window."""
        sx, sy = sample.metainfo.get('scale_factor', (1.0, 1.0))
        if 'gt_instances' not in sample or (sx, sy) == (1.0, 1.0):
            return sample
        sample = sample.clone()
        boxes = sample.gt_instances.bboxes
        if hasattr(boxes, 'rescale_'):
            boxes.rescale_([1 / sx, 1 / sy])
        else:
            sample.gt_instances.bboxes = boxes / boxes.new_tensor([sx, sy, sx, sy])
        return sample

    def after_test_iter(self, runner, batch_idx: int, data_batch: dict,
                        outputs: Sequence[DetDataSample]) -> None:
        if self.draw is False:
            return
        if self.test_out_dir is not None and not osp.isabs(self.test_out_dir):
            self.test_out_dir = osp.join(runner.work_dir, runner.timestamp, self.test_out_dir)
            mkdir_or_exist(self.test_out_dir)
        for sample in outputs:
            self._test_index += 1
            img = mmcv.imfrombytes(get(sample.img_path, backend_args=self.backend_args),
                                   channel_order='rgb')
            x0, y0 = sample.metainfo.get('page_offset', (0, 0))
            h, w = sample.ori_shape
            img = img[y0:y0 + h, x0:x0 + w]
            sample = self._gt_in_window_pixels(sample)
            name = str(sample.metainfo.get('page_id', self._test_index))
            name += f'_y{y0}.png' if y0 else '.png'
            out_file = osp.join(self.test_out_dir, name) if self.test_out_dir else None
            self._visualizer.add_datasample(name if self.show else 'test_img', img,
                                            data_sample=sample, show=self.show,
                                            wait_time=self.wait_time,
                                            pred_score_thr=self.score_thr, out_file=out_file,
                                            step=self._test_index)
