import pytest

from helpers.sets import SETS, short_name


def test_short_names_tell_the_sets_apart():
    assert short_name("tmu-hw3/04-cifar-regularization") == "TMU HW3"
    assert short_name("sharif-cnn/05-depthwise-separable") == "Sharif CNN"
    assert len({name for name, _ in SETS.values()}) == len(SETS)


def test_an_unknown_set_is_refused():
    with pytest.raises(KeyError, match="unknown problem set"):
        short_name("mit-hw2/01-x")
