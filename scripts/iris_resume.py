"""Resume a saved IRIS run (TMU set 3, exercise 7) in a fresh interpreter, as a second process would.

    python scripts/iris_resume.py --checkpoint run.pt --epochs 1000 --out resumed.pt

(add `--test-to-train`, `--split-seed` if the run used other values). The data, network and optimizer
come from `helpers.iris_mlp.build`, as in the notebook.
"""

import argparse
import os
import sys
from dataclasses import asdict

import torch
from torch import nn

from helpers.iris_mlp import build
from helpers.train import fit, load_checkpoint


def main(argv=None) -> int:
    """Resume the run saved in `--checkpoint` for `--epochs` more epochs; save the result to `--out`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--test-to-train", type=float, default=0.2)
    parser.add_argument("--split-seed", type=int, default=0)
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # as in the notebook: tiny networks, and the same arithmetic in both processes
    model, optimizer, train, test = build(args.test_to_train, args.split_seed, args.lr)
    history = load_checkpoint(args.checkpoint, model, optimizer)
    start = history.epochs
    history = fit(
        model, train, test, nn.CrossEntropyLoss(), optimizer, args.epochs, history=history, progress=False
    )
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "history": asdict(history)}
    torch.save(state, args.out)
    print(f"process {os.getpid()}: resumed at epoch {start}, trained to epoch {history.epochs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
