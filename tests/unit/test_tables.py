import numpy as np
import pandas as pd
import pytest
import sympy as sp
import torch

from helpers.tables import cell, markdown_table, table


def test_cells_are_words_and_numbers_never_reprs():
    assert cell(37752832) == "37,752,832"
    assert cell(np.int64(4096)) == "4,096"
    assert cell(0.800001, ".6f") == "0.800001"
    assert cell(float("nan")) == "—" and cell(None) == "—"
    assert cell(True) == "yes"
    assert cell((4096,)) == "4,096"
    assert cell(np.array([[2.7]])) == "2.7"
    assert cell(torch.tensor(3)) == "3"
    assert cell(sp.Rational(1, 3)) == "$\\frac{1}{3}$"
    assert cell("a|b") == "a\\|b"


def test_numeric_columns_are_right_aligned_and_formatted_per_column():
    text = markdown_table([{"name": "w1", "value": 0.25, "count": 3}], formats={"value": ".3f"})
    head, rule, row = text.splitlines()
    assert head == "| name | value | count |"
    assert rule == "|---|---:|---:|"
    assert row == "| w1 | 0.250 | 3 |"


def test_a_format_for_a_missing_column_and_an_empty_table_are_errors():
    with pytest.raises(KeyError, match="colour"):
        markdown_table([{"a": 1}], formats={"colour": ".2f"})
    with pytest.raises(ValueError):
        markdown_table([])


def test_a_data_frame_keeps_its_index_as_the_first_column():
    frame = pd.DataFrame({"loss": [0.5, 0.25]}, index=pd.Index([1, 2], name="epoch"))
    lines = table(frame, fmt=".2f").data.splitlines()
    assert lines[0] == "| epoch | loss |" and lines[2] == "| 1 | 0.50 |"
