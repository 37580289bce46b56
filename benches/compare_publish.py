#!/usr/bin/env python3
"""`edca publish` at scale: a cold publication of the generated bulk download (20,000 processes,
about 67,000 releases), then a re-run after 1% new releases (new releases of existing processes,
later dates), and a cold run with the portal pages (`--site`), against `edca compile --package`
on the same input. Wall time and peak RSS (GNU
time), best of --repeat runs; the ratios are what to compare across machines.

    cargo build --release -p edca-cli -p edca-benches
    python3 benches/compare_publish.py [--processes 20000] [--repeat 1]
"""

import argparse
import json
import random
import shutil
import tempfile
from pathlib import Path

from bench_common import RELEASE, best, generate, need_gnu_time, run, table

EDCA = RELEASE / "edca"


def new_releases(lines_path, out_path, share, seed=7):
    """1% of the releases again, as new releases of their processes: new id, a later date."""
    rng = random.Random(seed)
    lines = lines_path.read_text().splitlines()
    picked = rng.sample(lines, max(1, int(len(lines) * share)))
    with out_path.open("w") as out:
        for n, line in enumerate(picked):
            release = json.loads(line)
            release["id"] = f"{release.get('id')}-rerun-{n}"
            release["date"] = "2030-01-01T00:00:00Z"
            out.write(json.dumps(release, ensure_ascii=False) + "\n")
    return len(picked), len(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    need_gnu_time()
    with tempfile.TemporaryDirectory(prefix="edca-publish-bench-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        data.mkdir()
        lines = generate(data, processes=args.processes)["lines"]
        extra = tmp / "extra.jsonl"
        added, total = new_releases(lines, extra, 0.01)
        compile_s, compile_rss, _ = best([EDCA, "compile", "--package", "--versioned", lines], args.repeat)
        colds, reruns = [], []
        for _ in range(max(1, args.repeat)):
            out = tmp / "pub"
            shutil.rmtree(out, ignore_errors=True)
            colds.append(run([EDCA, "publish", "-q", "--out", out, lines], ok=(0, 1)))
            reruns.append(run([EDCA, "publish", "-q", "--out", out, lines, extra], ok=(0, 1)))
        cold = min(colds, key=lambda r: r[0])
        rerun = min(reruns, key=lambda r: r[0])
        cold_again = run([EDCA, "publish", "-q", "--out", tmp / "cold2", lines, extra], ok=(0, 1))
        # The portal pages on top of the same cold publication (issue 15: the time to write the
        # site for 20,000 processes is the difference).
        site = run([EDCA, "publish", "-q", "--site", "--out", tmp / "site", lines], ok=(0, 1))
        pages = sum(1 for _ in (tmp / "site" / "current" / "site").rglob("*.html"))
        summary = rerun[2].decode()
        print(f"input: {args.processes} processes, {total} releases; re-run adds {added} releases (1%)")
        table(
            [
                ("edca compile --package --versioned", compile_s, compile_rss, 1.0),
                ("edca publish, cold", cold[0], cold[1], cold[0] / compile_s),
                ("edca publish, re-run after 1% new", rerun[0], rerun[1], rerun[0] / compile_s),
                ("edca publish, cold on the same 101%", cold_again[0], cold_again[1], cold_again[0] / compile_s),
                ("edca publish --site, cold", site[0], site[1], site[0] / compile_s),
            ],
            [("seconds", ".2f"), ("peak MiB", ".0f"), ("x compile", ".2f")],
        )
        print(f"re-run / cold: {rerun[0] / cold_again[0]:.2f}")
        print(f"site: {pages} pages written in {site[0] - cold[0]:.2f} s more than the cold run")
        print(summary.strip())


if __name__ == "__main__":
    main()
