"""The three problem sets: id, the short name that tells pages apart across sets, and the course."""

SETS = {
    "tmu-hw3": ("TMU HW3", "Deep Learning, Tarbiat Modares University, problem set 3 (spring 2023)"),
    "sharif-hw1": (
        "Sharif HW1",
        "Deep Learning, Sharif University of Technology, problem set 1 (spring 2025)",
    ),
    "sharif-cnn": (
        "Sharif CNN",
        "Deep Learning, Sharif University of Technology: regularization, normalization and CNNs"
        " (spring 2024)",
    ),
}


def short_name(page_id: str) -> str:
    """'tmu-hw3/04-cifar-regularization' -> 'TMU HW3'; raise KeyError for an unknown set."""
    set_id = page_id.split("/")[0]
    if set_id not in SETS:
        raise KeyError(f"unknown problem set {set_id!r}: choose one of {', '.join(SETS)}")
    return SETS[set_id][0]
