"""The Spark job (examples/spark/edca_spark.py, Spark local[2]) gives what one machine gives:
the compiled and versioned releases of ``edca compile`` (same processes, same order, same values),
the report of ``edca indices --format json`` and the rows of ``--format csv``, value for value;
its Parquet files hold the same as its JSON lines.

Decided by the CLI (``EDCA_CLI``) on the same files in name order: on the shipped sample
(examples/data, every other file gzipped, with the input tables of
examples/data/inputs/indices.toml) and on every release
file of the shared corpus (../shared/data, 1,150 files of 23 publishers).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

sys.path.insert(0, str(Path(__file__).parent))
import edca_spark  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
CLI = os.environ.get("EDCA_CLI", str(ROOT / "target" / "release" / "edca"))


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("edca-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.addPyFile(str(Path(edca_spark.__file__)))
    yield session
    session.stop()


def cli(*args: str) -> str:
    """The CLI's output; exit status 1 says something was left out, which the job reports too."""
    done = subprocess.run([CLI, *args, "--quiet"], capture_output=True)
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.stdout.decode("utf-8")


def lines(folder: Path) -> list[dict]:
    """The JSON lines of Spark's part files, in part order."""
    out = []
    for part in sorted(folder.glob("part-*")):
        out.extend(json.loads(line) for line in part.read_text(encoding="utf-8").splitlines() if line)
    return out


def check(spark: SparkSession, folder: Path, files: list[str], out: Path, config: str | None = None) -> dict:
    report = edca_spark.run(spark, str(folder), str(out), config, partitions=5)
    options = ["--config", config] if config else []
    for kind, flags in (("compiled", []), ("versioned", ["--versioned"])):
        expected = [json.loads(line) for line in cli("compile", *flags, *files).splitlines()]
        got = lines(out / kind)
        assert [r.get("ocid") for r in got] == [r.get("ocid") for r in expected], kind
        assert got == expected, kind
        parquet = spark.read.parquet(str(out / f"{kind}.parquet")).orderBy("place").collect()
        assert [json.loads(row.release) for row in parquet] == expected, kind
    expected_report = json.loads(cli("indices", "--format", "json", *options, *files))
    for family in expected_report:
        assert report.get(family) == expected_report[family], family
    assert report == expected_report
    assert json.loads((out / "indices.json").read_text(encoding="utf-8")) == expected_report
    table = list(csv.reader(io.StringIO(cli("indices", "--format", "csv", *options, *files))))
    assert table[0] == ["family", "level", "id", "indicator", "value"]
    expected_rows = sorted((tuple(row[:4]), row[4]) for row in table[1:])
    rows = spark.read.parquet(str(out / "indicators.parquet")).collect()
    got_rows = sorted(((r.family, r.level, r.id, r.indicator), (r.value, r.text)) for r in rows)
    assert [key for key, _ in got_rows] == [key for key, _ in expected_rows]
    for (key, (value, text)), (_, cell) in zip(got_rows, expected_rows):
        assert same_cell(value, text, cell), (key, value, text, cell)
    assert spark.read.json(str(out / "indicators")).count() == len(expected_rows)
    return report


def same_cell(value: float | None, text: str | None, cell: str) -> bool:
    """A typed row (a number — booleans 1 and 0 — or words) against its cell of
    `edca indices --format csv` (empty for null)."""
    if text is not None:
        return text == cell
    if value is None:
        return cell == ""
    if cell in ("true", "false"):
        return value == (1.0 if cell == "true" else 0.0)
    return float(cell) == value


def test_the_shipped_sample(spark, tmp_path):
    folder = ROOT / "examples" / "data"
    files = sorted(str(p) for p in folder.rglob("*.json"))
    sample = tmp_path / "sample"
    for n, path in enumerate(files):
        target = sample / Path(path).relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        if n % 2:
            # Every other file gzipped (the name unchanged: edca detects gzip by its bytes).
            target.write_bytes(gzip.compress(Path(path).read_bytes()))
        else:
            target.symlink_to(path)
    linked = sorted(str(p) for p in sample.rglob("*.json"))
    report = check(spark, sample, linked, tmp_path / "out", str(folder / "inputs" / "indices.toml"))
    assert report["meta"]["processes"] == 8
    assert "budget" in report and "integrity" in report


def test_the_corpus(spark, tmp_path):
    if not SHARED.is_dir():
        pytest.skip("../shared/data is not here")
    with open(SHARED / "MANIFEST.csv", encoding="utf-8") as stream:
        release_files = [r["path"] for r in csv.DictReader(stream) if r["format"] in ("release", "release package")]
    corpus = tmp_path / "corpus"
    for path in release_files:
        target = corpus / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(SHARED / path)
    linked = sorted(str(corpus / p) for p in release_files)
    report = check(spark, corpus, linked, tmp_path / "out")
    assert report["meta"]["processes"] > 1000
