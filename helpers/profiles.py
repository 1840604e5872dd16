"""Run profiles: each notebook maps `smoke`, `standard` and `full` to its own settings."""

PROFILES = ("smoke", "standard", "full")


def by_profile(same: dict, **columns: dict) -> dict[str, dict]:
    """The profile table from the settings every profile shares and each profile's own ({profile: {...}})."""
    if sorted(columns) != sorted(PROFILES):
        raise ValueError(f"give the settings of exactly these profiles: {', '.join(PROFILES)}")
    shared = [k for p in PROFILES for k in columns[p] if k in same]
    if shared:
        raise ValueError(f"{', '.join(sorted(set(shared)))} set both for every profile and for one")
    return {p: {**same, **columns[p]} for p in PROFILES}


def check_profile(profile: str) -> str:
    """Return `profile` unchanged, or raise ValueError naming the valid profiles."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: choose one of {', '.join(PROFILES)}")
    return profile


def select(profile: str, table: dict[str, dict]) -> dict:
    """Return the settings of `profile` from `table` ({profile: {setting: value}})."""
    check_profile(profile)
    missing = [p for p in PROFILES if p not in table]
    if missing:
        raise ValueError(f"the profile table has no column for {', '.join(missing)}")
    keys = [sorted(table[p]) for p in PROFILES]
    if any(k != keys[0] for k in keys):
        raise ValueError("every profile must set the same settings")
    return dict(table[profile])


def as_markdown(table: dict[str, dict], current: str) -> str:
    """Render the profile table as a Markdown table, marking the column that ran."""
    check_profile(current)
    head = "| setting | " + " | ".join(f"**{p}** (ran)" if p == current else p for p in PROFILES) + " |"
    rule = "|---" * (len(PROFILES) + 1) + "|"
    rows = [
        f"| `{key}` | " + " | ".join(str(table[p][key]) for p in PROFILES) + " |"
        for key in table[PROFILES[0]]
    ]
    return "\n".join([head, rule, *rows])


def announce(profile: str, table: dict[str, dict], data: str) -> str:
    """Markdown for the top of a page: the profile that ran, the data it used, and the profile table."""
    return (
        f"This page was built with profile **`{profile}`**. {data}\n\n"
        + as_markdown(table, profile)
        + "\n\nTo run another profile, set `PROFILE` in the first cell (or `make book PROFILE=...`)."
    )
