"""Reading what mmengine's Runner leaves in a work_dir."""
import glob
import json
import os.path as osp


def latest_test_metrics(work_dir: str) -> dict:
    """Metrics of the newest ``tools/test.py`` run (``work_dir/<stamp>/<stamp>.json``).

    Raises:
        FileNotFoundError: No metrics file in ``work_dir``.
    """
    files = sorted(f for f in glob.glob(osp.join(work_dir, '*', '*.json'))
                   if osp.basename(f)[:-5] == osp.basename(osp.dirname(f)))
    if not files:
        raise FileNotFoundError(f'{work_dir}: no metrics json from tools/test.py')
    with open(files[-1], encoding='utf-8') as f:
        return json.load(f)
