"""The model a tool extracts with: ``--model NAME`` from ``configs/metafile.yml`` or an explicit
``--config`` + ``--checkpoint`` (tools/extract.py, tools/eval_extract.py)."""
import argparse
import os.path as osp
from typing import Tuple

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
METAFILE = osp.join(ROOT, 'configs', 'metafile.yml')


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    """``--model``, ``--metafile``, ``--config`` and ``--checkpoint``."""
    parser.add_argument('--model', help='a model named in --metafile (default: the first one '
                        'listed whose weights exist, i.e. trained by make demo)')
    parser.add_argument('--metafile', default=METAFILE, help='named models (default: %(default)s)')
    parser.add_argument('--config', help='a config file (with --checkpoint, instead of --model)')
    parser.add_argument('--checkpoint', help='its weights')


def model_paths(args: argparse.Namespace) -> Tuple[str, str]:
    """``(config, checkpoint)`` the arguments name; exits with a clear message otherwise."""
    from webdet_plugin.apis import find_model
    if (args.config is None) != (args.checkpoint is None):
        raise SystemExit('--config and --checkpoint go together (or name a --model)')
    if args.config is not None:
        if args.model is not None:
            raise SystemExit('--model or --config + --checkpoint, not both')
        config, checkpoint = args.config, args.checkpoint
    else:
        try:
            model = find_model(args.metafile, args.model)
        except (KeyError, FileNotFoundError, ValueError) as exc:
            raise SystemExit(str(exc).strip('"'))
        config, checkpoint = model.config, model.weights
    if not osp.isfile(checkpoint):
        raise SystemExit(f'{checkpoint}: checkpoint not found (`make demo` trains one, see README)')
    return config, checkpoint
