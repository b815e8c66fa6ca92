"""Speed, memory and loss of a training run, from the scalars mmengine logged in its work_dir."""
import glob
import json
import os.path as osp


def summarise(work_dir: str, batch_size: int, skip: int = 10) -> dict:
    """Iterations/s, pages/s, peak GPU memory and the first and last loss of a run.

    Reads the newest ``*/vis_data/scalars.json`` under ``work_dir``. The speed is the mean of
    the logged ``time`` per iteration after the first ``skip`` iterations (which include
    start-up); mmengine logs ``memory`` (MB) on CUDA only.

    Args:
        work_dir (str): The run's work_dir.
        batch_size (int): Pages per iteration.
        skip (int): Start-up iterations not timed. Defaults to 10.

    Returns:
        dict: ``iterations``, ``seconds_per_iter``, ``iters_per_s``, ``pages_per_s``,
        ``peak_memory_mb`` (None without CUDA), ``loss_start`` and ``loss_end``.

    Raises:
        FileNotFoundError: No scalars (the run logged nothing).
    """
    files = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
    if not files:
        raise FileNotFoundError(f'{work_dir}: no */vis_data/scalars.json (did training log?)')
    with open(files[-1], encoding='utf-8') as f:
        rows = [json.loads(line) for line in f if line.strip()]
    train = [r for r in rows if 'loss' in r and 'time' in r]
    if not train:
        raise FileNotFoundError(f'{files[-1]}: no training iterations logged')
    timed = [r for r in train if r.get('iter', r.get('step', 0)) > skip] or train
    seconds = sum(r['time'] for r in timed) / len(timed)
    memory = [r['memory'] for r in rows if 'memory' in r]
    return dict(iterations=train[-1].get('iter', train[-1].get('step')),
                seconds_per_iter=seconds, iters_per_s=1 / seconds,
                pages_per_s=batch_size / seconds,
                peak_memory_mb=max(memory) if memory else None,
                loss_start=train[0]['loss'], loss_end=train[-1]['loss'])
