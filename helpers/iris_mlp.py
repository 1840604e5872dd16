"""The IRIS network of TMU set 3, exercise 7: data split, model and optimizer.

The notebook and the process that resumes a checkpoint (`scripts/iris_resume.py`) build everything
through `build`, so both hold the same data, architecture and optimizer.
"""

import torch
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from helpers.layers import get_activation


def iris_split(test_to_train: float = 0.2, seed: int = 0):
    """Stratified split with n_test / n_train = `test_to_train`, standardized by the training set (float64).

    Returns x_train, y_train, x_test, y_test as tensors.
    """
    if test_to_train <= 0:
        raise ValueError(f"test_to_train must be positive, got {test_to_train}")
    x, y = load_iris(return_X_y=True)
    n_test = round(len(y) * test_to_train / (1 + test_to_train))
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=n_test, stratify=y, random_state=seed)
    mean, std = x_tr.mean(0), x_tr.std(0)
    as_x = lambda a: torch.tensor((a - mean) / std, dtype=torch.float64)  # noqa: E731
    as_y = lambda a: torch.tensor(a, dtype=torch.long)  # noqa: E731
    return as_x(x_tr), as_y(y_tr), as_x(x_te), as_y(y_te)


def iris_mlp(hidden: int = 3, width: int = 5, slope: float = 0.2, activation: str = "leaky_relu"):
    """4 -> `hidden` layers of `width` -> 3 logits (float64); weights from Uniform(0, 1), biases 0.

    `activation` is "leaky_relu" (with negative slope `slope`) or "sigmoid"; any other name is a ValueError.
    """
    act = get_activation(activation)
    sizes = [4] + [width] * hidden + [3]
    layers = []
    for k, (i, o) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(nn.Linear(i, o, dtype=torch.float64))
        if k < len(sizes) - 2:
            layers.append(act.layer(slope))
    model = nn.Sequential(*layers)
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.uniform_(m.weight, 0.0, 1.0)
            nn.init.zeros_(m.bias)
    return model


def build(test_to_train: float = 0.2, split_seed: int = 0, lr: float = 1e-3):
    """The data loaders (one full batch each), the network and its Adam optimizer."""
    x_tr, y_tr, x_te, y_te = iris_split(test_to_train, split_seed)
    train = DataLoader(TensorDataset(x_tr, y_tr), batch_size=len(y_tr))
    test = DataLoader(TensorDataset(x_te, y_te), batch_size=len(y_te))
    model = iris_mlp()
    return model, torch.optim.Adam(model.parameters(), lr=lr), train, test
