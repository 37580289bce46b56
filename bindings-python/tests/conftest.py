"""Shared paths of the binding's tests: the fixtures and corpus in ../shared (beside the
checkout; tests that need them skip without), the sample data and the `edca` command."""

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "examples" / "data"


def cli_path():
    return Path(os.environ.get("EDCA_CLI", ROOT / "target" / "debug" / "edca"))


@pytest.fixture(scope="session")
def shared():
    if not SHARED.is_dir():
        pytest.skip("../shared not found")
    return SHARED


@pytest.fixture(scope="session")
def cli():
    path = cli_path()
    if not path.exists():
        pytest.skip(f"{path} not built (cargo build -p edca-cli)")

    def run(*args, input=None, check=True):
        done = subprocess.run([str(path), *map(str, args)], input=input, capture_output=True)
        if check and done.returncode not in (0, 1):
            raise AssertionError(f"edca {args}: {done.stderr.decode()}")
        return done

    return run


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def corpus_sample(shared, formats, limit, max_bytes=400_000):
    """Files of the shared corpus in MANIFEST order, of these formats, small enough to be quick."""
    data = shared / "data"
    with open(data / "MANIFEST.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["format"] in formats and r["bytes"].isdigit()]
    rows = [r for r in rows if int(r["bytes"]) <= max_bytes]
    step = max(1, len(rows) // limit)
    return [data / r["path"] for r in rows[::step][:limit]]


def same_order(a, b):
    """Equal, and every object's members in the same order (as json.loads keeps them)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same_order(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_order(x, y) for x, y in zip(a, b))
    return a == b and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float)) and a == b and not isinstance(a, bool))
