import pytest

from helpers.profiles import PROFILES, announce, as_markdown, by_profile, check_profile, select

TABLE = {
    "smoke": {"epochs": 1, "n": 10},
    "standard": {"epochs": 5, "n": 100},
    "full": {"epochs": 20, "n": 1000},
}


def test_select_returns_the_profile_column():
    assert select("standard", TABLE) == {"epochs": 5, "n": 100}


def test_select_returns_a_copy():
    select("smoke", TABLE)["epochs"] = 99
    assert TABLE["smoke"]["epochs"] == 1


@pytest.mark.parametrize("bad", ["", "Smoke", "fast", None])
def test_unknown_profile_names_the_valid_ones(bad):
    with pytest.raises(ValueError, match="smoke, standard, full"):
        check_profile(bad)


def test_table_must_cover_every_profile_with_the_same_settings():
    with pytest.raises(ValueError, match="no column for full"):
        select("smoke", {"smoke": {"a": 1}, "standard": {"a": 2}})
    with pytest.raises(ValueError, match="same settings"):
        select("smoke", {"smoke": {"a": 1}, "standard": {"a": 2}, "full": {"b": 3}})


def test_markdown_table_marks_the_profile_that_ran():
    text = as_markdown(TABLE, "full")
    assert "**full** (ran)" in text and "| `epochs` | 1 | 5 | 20 |" in text
    assert len(text.splitlines()) == 2 + len(TABLE["smoke"])


def test_select_returns_a_copy_that_cannot_change_the_table():
    chosen = select("smoke", TABLE)
    chosen["epochs"] = 999
    assert TABLE["smoke"]["epochs"] != 999
    assert [check_profile(p) for p in PROFILES] == list(PROFILES)


def test_announce_names_profile_and_data():
    text = announce("smoke", TABLE, "Data: none.")
    assert text.startswith("This page was built with profile **`smoke`**. Data: none.")
    assert "**smoke** (ran)" in text
    with pytest.raises(ValueError):
        announce("huge", TABLE, "")


def test_by_profile_puts_the_shared_settings_in_every_column():
    table = by_profile({"lr": 0.1}, smoke={"n": 1}, standard={"n": 2}, full={"n": 3})
    assert table == {p: {"lr": 0.1, "n": n} for p, n in zip(PROFILES, (1, 2, 3), strict=True)}
    assert select("standard", table) == {"lr": 0.1, "n": 2}


def test_by_profile_refuses_a_missing_profile_or_a_setting_given_twice():
    with pytest.raises(ValueError, match="exactly these profiles"):
        by_profile({}, smoke={}, standard={})
    with pytest.raises(ValueError, match="lr set both"):
        by_profile({"lr": 0.1}, smoke={"lr": 0.2}, standard={}, full={})
