"""Time `edca stats` on the big package against the same releases as JSON lines and against the
parse floor, in one run, and print ratios.

The parse floor is `edca-parse-floor` (benches/src/bin): serde_json, with edca's features,
parsing the whole file into `Value`s on one thread: what any reader that builds a tree must at
least pay. Targets of issue 11: edca on the package within 1.5× the floor, and no slower than on
the JSON lines. Each command runs `--repeat` times; the best wall time and its peak RSS (GNU
time) are reported. Both edca runs must count the same releases.

usage:
  python benches/compare_stats.py [--edca target/release/edca] [--baseline OTHER_EDCA]
      [--floor target/release/edca-parse-floor] [--processes 20000] [--repeat 3] [--keep DIR]

`--baseline` adds the rows of another edca binary (e.g. main's build before a change).
"""

import argparse
import json
import os
import tempfile
from pathlib import Path

from bench_common import RELEASE, best, generate, need_gnu_time, table


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edca", default=str(RELEASE / "edca"))
    parser.add_argument("--baseline", help="another edca binary to time on the same inputs")
    parser.add_argument("--floor", default=str(RELEASE / "edca-parse-floor"))
    parser.add_argument("--processes", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="folder for the generated files (kept, reused)")
    args = parser.parse_args()
    need_gnu_time()

    with tempfile.TemporaryDirectory() as tmp:
        files = generate(args.keep or tmp, args.processes)
        package, lines = files["package"], files["lines"]
        size = os.path.getsize(package) / 1e6
        print(f"input: {package.name} {size:.1f} MB and {lines.name} {os.path.getsize(lines) / 1e6:.1f} MB "
              f"({os.cpu_count()} cores)")
        results = {}
        binaries = [("edca", args.edca)] + ([("baseline edca", args.baseline)] if args.baseline else [])
        for label, binary in binaries:
            for name, path in (("package", package), ("JSON lines", lines)):
                results[f"{label} stats ({name})"] = best([binary, "stats", "--format", "json", path], args.repeat)
        for name, path in (("package", package), ("JSON lines", lines)):
            results[f"parse floor ({name})"] = best([args.floor, path], args.repeat)

        counts = {json.loads(out)["releases"] for name, (_, _, out) in results.items() if "stats" in name}
        floors = {json.loads(out)["releases"] for name, (_, _, out) in results.items() if "floor" in name}
        if len(counts | floors) != 1:
            raise SystemExit(f"release counts differ: {counts} {floors}")

        floor = results["parse floor (package)"][0]
        rows = [(name, s, size / s, rss, s / floor) for name, (s, rss, _) in results.items()]
        table(rows, [("seconds", ".3f"), ("MB/s", ".1f"), ("peak RSS MiB", ".1f"), ("÷ floor (package)", ".2f")])
        mine = results["edca stats (package)"][0]
        print(f"edca ÷ parse floor: {mine / floor:.2f} (target ≤ 1.5)")
        print(f"package ÷ JSON lines: {mine / results['edca stats (JSON lines)'][0]:.2f} (target ≤ 1.0)")
        if args.baseline:
            print(f"edca ÷ baseline (package): {mine / results['baseline edca stats (package)'][0]:.2f}")


if __name__ == "__main__":
    main()
