"""Speed of the book's training path against a plain student-style loop, on exercise 4's network.

    python scripts/bench.py [--repeats 2] [--case baseline|augmentation] [--epochs N] [--threads N]

Both sides train `helpers.models.cifar_cnn` at the `standard` profile of
notebooks/tmu-hw3/04-cifar-regularization.py, read from the notebook's `SETTINGS` (the same width,
images, epochs, batch size and optimizer), from the same initial weights, for the same number of
steps, with one test pass per epoch, on the CPU unless a GPU is present. They differ only in how the
loop is written:

- **student**: a Dataset that holds uint8 HWC images and, as torchvision's CIFAR10 does, makes
  each one a PIL image and transforms it on its own (ToTensor, and for `--case augmentation` a random 90° turn
  and RandomCrop(32, padding=4)); a DataLoader collates them; every step calls `.item()`.
- **book**: `helpers.train.fit` over `helpers.data.TensorBatches` (batches sliced from one
  tensor, the augmentation applied to the whole batch by `helpers.augment`), no per-step sync;
  once with the model as it is built, once converted to channels-last memory format (as the
  notebook trains it).

Prints images per second (training images × epochs / wall time, test passes included) for each,
images per CPU-second (the same over the process's CPU time, steadier on a shared machine with
one thread), the final test accuracies, and the ratios. Timings on a shared machine are noisy:
run it more than once.
"""

import argparse
import ast
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import torch
import torchvision.transforms as T
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader, Dataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers.augment import rot90_and_shift  # noqa: E402
from helpers.data import DataSet, load_cifar10  # noqa: E402
from helpers.models import cifar_cnn  # noqa: E402
from helpers.profiles import by_profile  # noqa: E402
from helpers.runtime import pick_device  # noqa: E402
from helpers.train import fit  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "tmu-hw3" / "04-cifar-regularization.py"
USED = (
    "width",
    "train_images",
    "test_images",
    "epochs",
    "batch_size",
    "learning_rate",
    "momentum",
    "max_shift_px",
)


def _profile_table(value: ast.expr) -> dict:
    """A `{profile: {...}}` literal, or a `by_profile(same, smoke=..., ...)` call of literals."""
    if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "by_profile":
        same = [ast.literal_eval(a) for a in value.args]
        return by_profile(*same, **{k.arg: ast.literal_eval(k.value) for k in value.keywords})
    return ast.literal_eval(value)


def notebook_settings(profile: str = "standard", notebook: Path = NOTEBOOK) -> dict:
    """The `profile` column of the notebook's top-level `SETTINGS` (table or `by_profile` call), not run."""
    for node in ast.parse(notebook.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "SETTINGS" for t in node.targets):
            column = _profile_table(node.value)[profile]
            missing = [k for k in USED if k not in column]
            if missing:
                raise KeyError(f"{notebook.name}'s {profile!r} settings lack {', '.join(missing)}")
            return column
    raise ValueError(f"no top-level SETTINGS = {{...}} in {notebook}")


class RandomRot90:
    """Turn one (C, H, W) image by a random multiple of 90°, the way a student writes a transform."""

    def __call__(self, img):
        return torch.rot90(img, int(torch.randint(0, 4, ())), dims=(-2, -1))


class ImageDataset(Dataset):
    """uint8 HWC images and int labels, each made a PIL image and transformed on its own, as torchvision's
    CIFAR10 does in `__getitem__`."""

    def __init__(self, images, labels, transform):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.transform(Image.fromarray(self.images[i])), self.labels[i]


def student_loop(model, data: DataSet, case: str, settings: dict, device) -> float:
    """A per-batch loop as commonly written; returns the final test accuracy."""
    as_uint8 = lambda x: (x * 255).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()  # noqa: E731
    steps = [T.ToTensor()]
    if case == "augmentation":
        steps += [RandomRot90(), T.RandomCrop(32, padding=settings["max_shift_px"])]
    train_set = ImageDataset(as_uint8(data.x_train), data.y_train.tolist(), T.Compose(steps))
    test_set = ImageDataset(as_uint8(data.x_test), data.y_test.tolist(), T.ToTensor())
    train_loader = DataLoader(train_set, batch_size=settings["batch_size"], shuffle=True)
    test_loader = DataLoader(test_set, batch_size=settings["batch_size"])
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(
        model.parameters(), lr=settings["learning_rate"], momentum=settings["momentum"]
    )
    for _ in range(settings["epochs"]):
        model.train()
        running_loss, correct, total = 0.0, 0, 0
        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            outputs = model(images)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.item() * labels.size(0)
            correct += (outputs.argmax(1) == labels).sum().item()
            total += labels.size(0)
        model.eval()
        test_loss, test_correct, test_total = 0.0, 0, 0
        with torch.no_grad():
            for images, labels in test_loader:
                images, labels = images.to(device), labels.to(device)
                outputs = model(images)
                test_loss += criterion(outputs, labels).item() * labels.size(0)
                test_correct += (outputs.argmax(1) == labels).sum().item()
                test_total += labels.size(0)
    return test_correct / test_total


def book_loop(model, data: DataSet, case: str, settings: dict, device) -> float:
    """helpers.train.fit over TensorBatches; returns the final test accuracy."""
    transform = rot90_and_shift(settings["max_shift_px"]) if case == "augmentation" else None
    train, test = data.batches(settings["batch_size"], transform=transform)
    optimizer = torch.optim.SGD(
        model.parameters(), lr=settings["learning_rate"], momentum=settings["momentum"]
    )
    history = fit(model, train, test, nn.CrossEntropyLoss(), optimizer, settings["epochs"], progress=False)
    return history.test_acc[-1]


def quantized(data: DataSet) -> DataSet:
    """The same images rounded to 8 bits, so that both loops see identical pixels."""
    q = lambda x: (x * 255).round() / 255  # noqa: E731
    return replace(data, x_train=q(data.x_train), x_test=q(data.x_test))


def run_once(kind: str, data: DataSet, case: str, settings: dict, device) -> tuple[float, float, float]:
    """Train one model with one loop; return (images/s, images per CPU-second, final test accuracy)."""
    torch.manual_seed(0)  # the same initial weights (and dropout-free network) for every loop
    model = cifar_cnn(settings["width"]).to(device)
    if kind == "book, channels-last":
        model = model.to(memory_format=torch.channels_last)
    loop = student_loop if kind == "student" else book_loop
    start, cpu_start = time.perf_counter(), time.process_time()
    accuracy = loop(model, data, case, settings, device)
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    images = len(data.y_train) * settings["epochs"]
    return images / seconds, images / cpu_seconds, accuracy


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--case",
        choices=["baseline", "augmentation"],
        default="baseline",
        help="baseline: ToTensor only (final accuracies agree closely); augmentation: plus a 90° turn and "
        "a shift (at this short budget its final accuracy varies by tens of points with the random stream)",
    )
    parser.add_argument("--repeats", type=int, default=2, help="runs of each loop, interleaved (median kept)")
    parser.add_argument("--epochs", type=int, default=None, help="override the notebook's, for a quick look")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's choice)")
    parser.add_argument("--data", choices=["auto", "real", "standin"], default="standin")
    args = parser.parse_args(argv)
    if args.repeats < 1 or (args.epochs is not None and args.epochs < 1):
        parser.error("--repeats and --epochs must be at least 1")
    if args.threads:
        torch.set_num_threads(args.threads)
    settings = notebook_settings()
    settings["epochs"] = args.epochs or settings["epochs"]
    device = pick_device()
    data = quantized(
        load_cifar10(args.data, n_train=settings["train_images"], n_test=settings["test_images"])
    )
    steps = -(-len(data.y_train) // settings["batch_size"]) * settings["epochs"]
    print(
        f"exercise 4 network, width {settings['width']}, {data.name} ({len(data.y_train)} train / "
        f"{len(data.y_test)} test images), case '{args.case}', {settings['epochs']} epochs = {steps} "
        f"SGD steps of batch {settings['batch_size']}, on {device}, {torch.get_num_threads()} torch threads"
    )
    kinds = ("student", "book", "book, channels-last")
    speed, cpu_speed, accuracy = ({k: [] for k in kinds} for _ in range(3))
    for r in range(args.repeats):
        for kind in kinds if r % 2 == 0 else kinds[::-1]:  # alternate the order against drifting load
            ips, cpu_ips, acc = run_once(kind, data, args.case, settings, device)
            speed[kind].append(ips)
            cpu_speed[kind].append(cpu_ips)
            accuracy[kind].append(acc)
            print(
                f"  repeat {r + 1}  {kind:<20} {ips:8.0f} images/s {cpu_ips:8.0f} images/CPU-s   "
                f"final test accuracy {100 * acc:5.1f}%"
            )
    for label, table in (("images/s", speed), ("images per CPU-second", cpu_speed)):
        median = {k: statistics.median(v) for k, v in table.items()}
        print(f"median {label}: " + ", ".join(f"{k} {median[k]:.0f}" for k in kinds))
        for kind in kinds[1:]:
            ratios = [b / s for b, s in zip(table[kind], table["student"], strict=True)]
            print(
                f"  speed-up of {kind} over student ({label}): {median[kind] / median['student']:.2f}x "
                f"(per repeat: {', '.join(f'{x:.2f}' for x in ratios)})"
            )
    spread = max(max(v) for v in accuracy.values()) - min(min(v) for v in accuracy.values())
    print(f"final test accuracies differ by at most {100 * spread:.1f} points across loops and repeats")
    return 0


if __name__ == "__main__":
    sys.exit(main())
