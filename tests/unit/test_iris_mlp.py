import pytest
import torch
from torch import nn

from helpers.iris_mlp import build, iris_mlp, iris_split
from helpers.train import CheckpointError, fit
from scripts.iris_resume import main


def test_split_ratio_is_test_over_train():
    x_tr, y_tr, x_te, y_te = iris_split(0.2)
    assert (len(y_te), len(y_tr)) == (25, 125) and x_tr.dtype == torch.float64
    torch.testing.assert_close(x_tr.mean(0), torch.zeros(4, dtype=torch.float64))
    assert len(iris_split(0.25)[3]) == 30
    with pytest.raises(ValueError):
        iris_split(0)


def test_weights_uniform_zero_one_and_biases_zero():
    torch.manual_seed(0)
    model = iris_mlp()
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    assert len(weights) == 4 and all(((w >= 0) & (w <= 1)).all() for w in weights)
    assert all((m.bias == 0).all() for m in model if isinstance(m, nn.Linear))


def test_activation_is_leaky_relu_or_sigmoid_and_nothing_else():
    assert isinstance(iris_mlp(activation="sigmoid")[1], nn.Sigmoid)
    assert isinstance(iris_mlp()[1], nn.LeakyReLU) and iris_mlp(slope=0.1)[1].negative_slope == 0.1
    with pytest.raises(ValueError, match="activation"):
        iris_mlp(activation="tanh")


def test_resume_entry_point_ends_where_an_uninterrupted_run_does(tmp_path, capsys):
    torch.manual_seed(0)
    model, opt, train, test = build()
    whole = fit(model, train, test, nn.CrossEntropyLoss(), opt, 6, progress=False)
    torch.manual_seed(0)
    model2, opt2, train2, test2 = build()
    fit(model2, train2, test2, nn.CrossEntropyLoss(), opt2, 3, checkpoint=tmp_path / "c.pt", progress=False)
    assert (
        main(["--checkpoint", str(tmp_path / "c.pt"), "--epochs", "3", "--out", str(tmp_path / "r.pt")]) == 0
    )
    resumed = torch.load(tmp_path / "r.pt", weights_only=True)
    assert resumed["history"]["train_loss"] == whole.train_loss
    assert all(torch.equal(resumed["model"][k], v) for k, v in model.state_dict().items())
    assert "resumed at epoch 3" in capsys.readouterr().out


def test_resume_rejects_a_corrupt_checkpoint(tmp_path):
    (tmp_path / "bad.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="corrupt"):
        main(["--checkpoint", str(tmp_path / "bad.pt"), "--epochs", "1", "--out", str(tmp_path / "r.pt")])
