"""The shared corpus the differential tests read: `shared/data/` and its MANIFEST.csv."""

import csv
from pathlib import Path


def manifest(shared):
    """The corpus folder and its MANIFEST rows (dicts), or None (after saying so) when the
    corpus is not there."""
    data = Path(shared) / "data"
    if not data.is_dir():
        print(f"skipped: {data} not found")
        return None
    with open(data / "MANIFEST.csv", newline="") as f:
        return data, list(csv.DictReader(f))
