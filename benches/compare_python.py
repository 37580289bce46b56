"""Time edca's Python binding against its Python peers on the same input, in one run, and print
ratios (best of --repeat; the machine's load shows in every column alike).

- dicts → dicts: a list of release dicts in, a list of compiled-release dicts out (conversion
  both ways counts): `edca.compile(releases)` vs ocdsmerge-rs and ocdsmerge 0.8.0's `Merger`
  (releases grouped by ocid in Python for the peers, which merge one process per call);
- path → dicts: `edca.compile(path)` vs ocdsmerge-rs fed by `json.load`, and vs ocdskit 1.7.0's
  compile (`ocdskit.combine.merge`) run from Python;
- conversion alone: Python dicts → edca (`edca.stats` of the list: conversion + reading) against
  reading the file (`edca.stats` of the path);
- `edca.validate(path)` vs libcoveocds 0.17.0's API (`ocds_json_output`, offline, the file
  without `extensions`, as benches/compare_validate.py sets it up);
- indicators: `edca.indices` vs converting its table to pandas through Arrow.
Outputs are checked to hold the same number of compiled releases.

usage:
  python benches/compare_python.py [--repeat 3] [--validate FILE] FEED
FEED: releases (a release package or JSON lines), e.g. from
  cargo run --release -p edca-benches --bin edca-generate -- --processes 3000 /tmp/feed.jsonl
Install first: pip install ./bindings-python ocdsmerge==0.8.0 ocdskit==1.7.0 libcoveocds==0.17.0 ocdsmerge-rs pandas pyarrow
"""

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

import edca

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "ocds-1.1.5" / "release-schema.json"


CPU = {}


def best(repeat, work):
    """Best wall time of `repeat` runs (and, in CPU, the CPU time of every thread in that run:
    on a loaded machine it says more than the wall time)."""
    times, result = [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = work()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    wall, used = min(times)
    CPU[wall] = used
    return wall, result


def releases_of(path):
    text = Path(path).read_bytes()
    try:
        values = [json.loads(text)]
    except json.JSONDecodeError:
        values = [json.loads(line) for line in text.splitlines() if line.strip()]
    out = []
    for value in values:
        if isinstance(value, dict) and "releases" in value and "ocid" not in value:
            out.extend(value["releases"])
        else:
            out.append(value)
    return out


def grouped(releases):
    by_ocid = {}
    for release in releases:
        by_ocid.setdefault(release["ocid"], []).append(release)
    return by_ocid.values()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("feed")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--validate", help="a release package for the validation timing (default: FEED)")
    parser.add_argument("--skip-slow", action="store_true", help="run ocdsmerge and ocdskit once")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import ocdsmerge
    import ocdsmerge_rs
    from ocdskit.combine import merge as ocdskit_merge

    feed = Path(args.feed)
    releases = releases_of(feed)
    schema = json.loads(SCHEMA.read_text())
    rows = []
    print(f"input: {feed} ({feed.stat().st_size / 1e6:.1f} MB), {len(releases)} releases")

    # dicts → dicts
    edca_dicts, out = best(args.repeat, lambda: edca.compile(releases, schema=SCHEMA))
    processes = len(out)
    rs_merger = ocdsmerge_rs.Merger(rules=ocdsmerge_rs.Merger.get_rules(ocdsmerge_rs.Merger.dereference(schema)))
    rs_dicts, out = best(args.repeat, lambda: [rs_merger.create_compiled_release(g) for g in grouped(releases)])
    assert len(out) == processes
    py_merger = ocdsmerge.Merger(schema=schema)
    slow = 1 if args.skip_slow else args.repeat
    py_dicts, out = best(slow, lambda: [py_merger.create_compiled_release(g) for g in grouped(releases)])
    assert len(out) == processes
    rows += [("dicts → dicts", "edca.compile", edca_dicts, None), ("", "ocdsmerge-rs", rs_dicts, rs_dicts / edca_dicts),
             ("", "ocdsmerge 0.8.0 Merger", py_dicts, py_dicts / edca_dicts)]

    # path → dicts
    edca_path, out = best(args.repeat, lambda: edca.compile(feed, schema=SCHEMA))
    assert len(out) == processes
    rs_path, out = best(args.repeat, lambda: [rs_merger.create_compiled_release(g) for g in grouped(releases_of(feed))])
    kit_path, out = best(slow, lambda: list(ocdskit_merge([{"version": "1.1", "releases": releases_of(feed)}], schema=schema)))
    assert len(out) == processes, (len(out), processes)
    rows += [("path → dicts", "edca.compile(path)", edca_path, None), ("", "ocdsmerge-rs + json.load", rs_path, rs_path / edca_path),
             ("", "ocdskit 1.7.0 compile", kit_path, kit_path / edca_path)]

    # conversion alone
    to_edca, _ = best(args.repeat, lambda: edca.stats(releases))
    read_path, _ = best(args.repeat, lambda: edca.stats(feed))
    rows += [("conversion", "dicts → edca (stats of the list)", to_edca, None), ("", "file → edca (stats of the path)", read_path, None)]

    # validate
    target = Path(args.validate) if args.validate else feed
    value = json.loads(target.read_bytes()) if target.suffix == ".json" else {"version": "1.1", "releases": releases_of(target)}
    value.pop("extensions", None)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "package.json"
        copy.write_text(json.dumps(value))
        edca_validate, report = best(args.repeat, lambda: edca.validate(copy))
        sys.path.insert(0, str(ROOT / "benches"))
        from compare_validate import standard_zip
        from libcoveocds.api import ocds_json_output
        from libcoveocds.config import LibCoveOCDSConfig

        version = "1.0" if str(value.get("version", "1.0")).startswith("1.0") else "1.1"
        zip_url = standard_zip(tmp, "1.1.5", "1__1__5") if version == "1.1" else standard_zip(tmp, "1.0.3", "1__0__3")
        config = LibCoveOCDSConfig({"standard_zip": zip_url, "context": "api"})
        cove, context = best(1, lambda: ocds_json_output(tmp, str(copy), version, json_data=value, lib_cove_ocds_config=config))
        assert "validation_errors" in context
        size = copy.stat().st_size
    rows += [("validate", f"edca.validate ({size / 1e6:.1f} MB)", edca_validate, None),
             ("", "libcoveocds 0.17.0 ocds_json_output", cove, cove / edca_validate)]

    # indicators → pandas
    compute, indices = best(args.repeat, lambda: edca.indices(feed))
    to_pandas, frame = best(args.repeat, lambda: indices.table().to_pandas())
    rows += [("indicators", f"edca.indices ({len(indices)} rows)", compute, None),
             ("", "table → pandas via Arrow", to_pandas, to_pandas / compute)]

    print(f"{'':<14}{'tool':<40}{'seconds':>9}{'ratio':>9}{'CPU s':>9}")
    for group, tool, seconds, ratio in rows:
        shown = f"{ratio:.1f}×" if ratio is not None else ""
        print(f"{group:<14}{tool:<40}{seconds:>9.3f}{shown:>9}{CPU.get(seconds, 0):>9.3f}")
    print("(ratio: the peer's time over edca's; for the pandas row, its share of computing the indicators)")


if __name__ == "__main__":
    main()
