"""Named models: a small metafile (OpenMMLab's ``metafile.yml`` shape) maps a name to a config
and its weights, so that extraction needs neither repository-relative defaults nor two paths.

::

    Models:
      - Name: webdet_fast_rcnn_dom_mix_cpu
        Config: webdet_fast_rcnn_dom_mix_cpu.py          # relative to the metafile's folder
        Weights: ../checkpoints/dom_mix.pth                # likewise

The project's own is ``configs/metafile.yml`` (the models ``make demo`` trains, best first).
"""
import os.path as osp
from dataclasses import dataclass
from typing import List, Optional

import yaml


@dataclass(frozen=True)
class NamedModel:
    """One entry of a metafile, its paths resolved against the metafile's folder.

    Args:
        name (str): The model's name.
        config (str): Its config file.
        weights (str): Its checkpoint file (it may not exist yet: not trained).
    """
    name: str
    config: str
    weights: str


def load_metafile(path: str) -> List[NamedModel]:
    """The models a metafile lists, in its order.

    Args:
        path (str): A YAML file with a ``Models`` list of ``Name`` / ``Config`` / ``Weights``.

    Returns:
        list[NamedModel]: One per entry.

    Raises:
        FileNotFoundError: If ``path`` is not a file.
        ValueError: If it is not YAML of that shape (the message names the file and entry).
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path}: no such metafile')
    try:
        with open(path, encoding='utf-8') as f:
            data = yaml.safe_load(f)
    except yaml.YAMLError as exc:
        raise ValueError(f'{path}: not valid YAML ({exc})') from exc
    entries = data.get('Models') if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f'{path}: expected a top-level "Models" list')
    root = osp.dirname(osp.abspath(path))
    models = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) for k in ('Name', 'Config', 'Weights')):
            raise ValueError(f'{path}: Models[{i}] needs the strings Name, Config and Weights')
        models.append(NamedModel(entry['Name'], osp.normpath(osp.join(root, entry['Config'])),
                                 osp.normpath(osp.join(root, entry['Weights']))))
    return models


def find_model(metafile: str, name: Optional[str] = None) -> NamedModel:
    """The metafile's model called ``name``, or (None) its first model whose weights exist.

    Args:
        metafile (str): The metafile.
        name (str, optional): A model name; None picks the first trained model listed.

    Returns:
        NamedModel: The model.

    Raises:
        KeyError: If no model has that name (the message lists the names).
        FileNotFoundError: If ``name`` is None and no listed model is trained.
    """
    models = load_metafile(metafile)
    if name is not None:
        for model in models:
            if model.name == name:
                return model
        raise KeyError(f'{metafile}: no model named {name!r} '
                       f'(known: {", ".join(m.name for m in models)})')
    for model in models:
        if osp.isfile(model.weights):
            return model
    listed = '; '.join(f'{m.name}: {m.weights}' for m in models)
    raise FileNotFoundError(f'{metafile}: none of its models is trained yet ({listed}); train '
                            'one (make demo) or name a config and checkpoint')
