#!/usr/bin/env python3
"""`edca flatten` and `edca unflatten` against flatten-tool 0.28 on the same inputs, in one run:
the corpus's release packages (one command per file, as a user converts them) and a generated
bulk-download package (`edca-generate --bulk --package --no-mixed-ids`) at two sizes, so that the
peak RSS shows whether memory grows with the input, plus `--format parquet`, and edca alone on a
package too large for flatten-tool (`--edca-only 20000`). Wall time and peak RSS (GNU time); the ratios
are what to compare across machines. flatten-tool gets the OCDS 1.1.5 release schema and the
options of tests/oracle/compare_flatten.py (which checks that both write the same tables).

    cargo build --release -p edca-cli -p edca-benches
    python3 -m venv target/oracle-venv && target/oracle-venv/bin/pip install -r tests/oracle/requirements.txt
    python3 benches/compare_flatten.py [--processes 500,2000] [--corpus-files 40]
"""

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_common import RELEASE, ROOT, generate, need_gnu_time, run, table

DATA = ROOT.parent / "shared" / "data"
SCHEMA = ROOT / "schemas" / "ocds-1.1.5" / "release-schema.json"
FLATTEN_TOOL = ROOT / "target" / "oracle-venv" / "bin" / "flatten-tool"
FT_FLATTEN = ["flatten", "--schema", SCHEMA, "--root-list-path", "releases", "--root-id", "ocid",
              "--main-sheet-name", "main", "--remove-empty-schema-columns", "--output-format", "csv"]
FT_UNFLATTEN = ["unflatten", "--input-format", "csv", "--root-list-path", "releases", "--root-id", "ocid",
                "--schema", SCHEMA]


def corpus(count):
    """The `count` largest release packages of the corpus under 1 MB (flatten-tool is slow)."""
    with (DATA / "MANIFEST.csv").open(newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["format"] == "release package" and int(r["bytes"]) < 1_000_000]
    files = []
    for row in sorted(rows, key=lambda r: -int(r["bytes"])):
        path = DATA / row["path"]
        with path.open(encoding="utf-8-sig") as f:
            data = json.load(f)
        if isinstance(data.get("releases"), list) and "compiledRelease" not in data:
            files.append(path)
        if len(files) == count:
            break
    return files


def both(edca, tmp, source, label, rows):
    """Times flatten and unflatten of `source` by both tools; appends the rows."""
    ours, theirs = tmp / "edca-tables", tmp / "ft-tables"
    for folder in (ours, theirs):
        shutil.rmtree(folder, ignore_errors=True)
    back = tmp / "ft-back.json"
    back.unlink(missing_ok=True)
    e_flat = run([edca, "flatten", "-o", ours, source])
    t_flat = run([FLATTEN_TOOL, *FT_FLATTEN, "-o", theirs, source], ok=(0, 1))
    e_back = run([edca, "unflatten", "--package", ours], ok=(0, 1))
    t_back = run([FLATTEN_TOOL, *FT_UNFLATTEN, "-o", back, theirs], ok=(0, 1))
    if not back.exists():
        return False  # flatten-tool gave up on this input (its schema disagrees with the data)
    rows.append((f"flatten, {label}", e_flat[0], t_flat[0], t_flat[0] / e_flat[0], e_flat[1], t_flat[1]))
    rows.append((f"unflatten, {label}", e_back[0], t_back[0], t_back[0] / e_back[0], e_back[1], t_back[1]))
    if label:
        # Parquet (flatten-tool writes none: its CSV time is the reference).
        e_pq = run([edca, "flatten", "--format", "parquet", "-o", tmp / "edca-parquet", source])
        rows.append((f"flatten --format parquet, {label}", e_pq[0], t_flat[0], t_flat[0] / e_pq[0], e_pq[1], None))
    return True


def edca_only(edca, tmp, source, label, rows):
    """edca alone on an input too large for flatten-tool: does memory stay flat?"""
    for name, command in [("flatten", ["flatten", "-o", tmp / "big-csv", source]),
                          ("flatten --format parquet", ["flatten", "--format", "parquet", "-o", tmp / "big-pq", source]),
                          ("unflatten", ["unflatten", "--package", tmp / "big-csv"])]:
        seconds, rss, _ = run([edca, *command], ok=(0, 1))
        rows.append((f"{name}, {label}", seconds, None, None, rss, None))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edca", default=str(RELEASE / "edca"))
    parser.add_argument("--processes", default="500,2000", help="sizes of the generated package")
    parser.add_argument("--corpus-files", type=int, default=40)
    parser.add_argument("--edca-only", default="20000", help="sizes timed with edca alone ('' for none)")
    args = parser.parse_args()
    need_gnu_time()
    if not FLATTEN_TOOL.exists():
        sys.exit(f"{FLATTEN_TOOL} not found: install tests/oracle/requirements.txt into target/oracle-venv")
    rows = []
    with tempfile.TemporaryDirectory(prefix="edca-flatten-bench-") as tmp:
        tmp = Path(tmp)
        if DATA.exists():
            files = corpus(args.corpus_files)
            sums, timed = [0.0] * 4, []
            for path in files:
                sub = []
                if both(args.edca, tmp, path, "", sub):
                    timed.append(path)
                    sums = [s + v for s, v in zip(sums, (sub[0][1], sub[0][2], sub[1][1], sub[1][2]))]
            megabytes = sum(p.stat().st_size for p in timed) / 1e6
            label = f"corpus, {len(timed)} files ({megabytes:.1f} MB)"
            if len(timed) < len(files):
                print(f"({len(files) - len(timed)} corpus files left out: flatten-tool could not convert them)")
            rows.append((f"flatten, {label}", sums[0], sums[1], sums[1] / sums[0], None, None))
            rows.append((f"unflatten, {label}", sums[2], sums[3], sums[3] / sums[2], None, None))
        for processes in map(int, args.processes.split(",")):
            folder = tmp / f"gen{processes}"
            folder.mkdir()
            package = generate(folder, processes=processes)["cove"]
            megabytes = package.stat().st_size / 1e6
            if not both(args.edca, tmp, package, f"{processes} processes ({megabytes:.1f} MB)", rows):
                print(f"flatten-tool could not convert the generated package of {processes} processes")
        for processes in [int(p) for p in args.edca_only.split(",") if p]:
            folder = tmp / f"big{processes}"
            folder.mkdir()
            package = generate(folder, processes=processes)["cove"]
            megabytes = package.stat().st_size / 1e6
            edca_only(args.edca, tmp, package, f"{processes} processes ({megabytes:.1f} MB), edca alone", rows)
    table(rows, [("edca s", ".2f"), ("flatten-tool s", ".2f"), ("x faster", ".1f"),
                 ("edca MiB", ".0f"), ("flatten-tool MiB", ".0f")])
    print("(corpus rows: the sum over the files, one command each; peak RSS is per command)")
    subprocess.run([args.edca, "--version"], check=False)


if __name__ == "__main__":
    main()
