"""Every input form gives the same compiled releases: the CLI's output on the same file decides
(examples/data's Jalisco release package, also as JSON lines, gzip, a folder, bytes, str, file
objects and Python objects)."""

import gzip
import io
import json
import pathlib

import pytest

import edca
from conftest import SAMPLES, jsonl, same_order


def sample_package():
    files = sorted(SAMPLES.rglob("*.json"))
    for path in files:
        data = json.loads(path.read_text())
        if isinstance(data, dict) and "releases" in data and data["releases"]:
            return path, data
    pytest.skip("no release package in examples/data")


def test_every_form_equals_the_cli(cli, tmp_path):
    path, package = sample_package()
    want = jsonl(cli("compile", path).stdout.decode())
    assert want, "the CLI compiled nothing"
    text = path.read_text()
    gz = tmp_path / "feed.json.gz"
    gz.write_bytes(gzip.compress(text.encode()))
    lines = tmp_path / "releases.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in package["releases"]))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "package.json").write_text(text)
    (folder / "notes.txt").write_text("not data")
    forms = {
        "str path": str(path),
        "PathLike": pathlib.Path(path),
        "gzip": gz,
        "folder": folder,
        "bytes": text.encode(),
        "bytearray": bytearray(text.encode()),
        "str of JSON": text,
        "text file": io.StringIO(text),
        "binary file": io.BytesIO(text.encode()),
        "package dict": package,
        "list of paths": [path],
    }
    for name, data in forms.items():
        got = edca.compile(data)
        assert len(got) == len(want), name
        assert all(same_order(g, w) for g, w in zip(got, want)), name
    # Releases outside a package merge by OCDS 1.1 (as the CLI does with JSON lines).
    want_lines = jsonl(cli("compile", lines).stdout.decode())
    for name, data in {"jsonl file": lines, "list of dicts": package["releases"],
                       "generator": (r for r in package["releases"]), "tuple": tuple(package["releases"])}.items():
        got = edca.compile(data)
        assert all(same_order(g, w) for g, w in zip(got, want_lines)) and len(got) == len(want_lines), name


def test_numbers_stay_exact():
    """Decided by json.loads and decimal.Decimal of the same text."""
    from decimal import Decimal

    text = '{"ocid": "o-1", "id": "1", "date": "2024-01-01", "tender": {"value": {"amount": 0.1000000000000000055511151231257827, "currency": "MXN"}, "numberOfTenderers": 123456789012345678901234567890}}'
    [plain] = edca.compile(text)
    want = json.loads(text)["tender"]
    assert plain["tender"]["value"]["amount"] == want["value"]["amount"]
    assert plain["tender"]["numberOfTenderers"] == 123456789012345678901234567890
    [exact] = edca.compile(text, decimal=True)
    assert exact["tender"]["value"]["amount"] == Decimal("0.1000000000000000055511151231257827")
    # Decimals handed in stay exact too.
    [back] = edca.compile([{"ocid": "o-1", "id": "1", "date": "2024-01-01", "tender": {"value": {"amount": Decimal("12.30")}}}], decimal=True)
    assert str(back["tender"]["value"]["amount"]) == "12.30"


def test_read_iterates_items():
    path, package = sample_package()
    releases = list(edca.read(path))
    assert releases == package["releases"]
    kinds = [kind for kind, _ in edca.read(path, kinds=True)]
    assert kinds == ["release"] * len(package["releases"]) + ["package"]


def test_stats_equal_the_cli(cli):
    path, _ = sample_package()
    assert edca.stats(path) == json.loads(cli("stats", "--format", "json", path).stdout)


def test_not_data_is_a_type_error():
    with pytest.raises(TypeError, match='JSON Pointer "/tender/x"'):
        edca.compile([{"ocid": "o", "date": "2024", "tender": {"x": object()}}])
    with pytest.raises(TypeError):
        edca.compile(42)
