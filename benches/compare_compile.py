"""Time `edca compile` against its peers on the same input, in one run, and print ratios.

Peers: `ocdskit compile` (Python, uses the reference implementation ocdsmerge) and ocdsmerge-rs
(Rust with a Python API, driven by benches/peers/ocdsmerge_rs_compile.py). Each command runs
`--repeat` times; the best wall time and the peak resident memory of that run are reported.
All commands read the same files with the same release schema, and their outputs are checked to
hold the same number of compiled releases.

usage:
  python benches/compare_compile.py [--edca target/release/edca] [--schema FILE]
      [--repeat 3] [--skip-ocdskit] FILE...
  python benches/compare_compile.py --big [--baseline OTHER_EDCA] [--processes 20000] [--keep DIR]

`--big`: the bulk-download package of issue 11 (benches/bench_common.py) and the same releases as
JSON lines, each compiled three ways (compiled releases, `--versioned`, `--package`) by edca and
by `ocdskit compile` (whole process, once: it takes tens of seconds), with peak RSS (GNU time)
against the input size. Targets: edca ≥ 15× ocdskit, peak RSS below the input size.

Install the peers first: pip install ocdskit ocdsmerge==0.8.0 ocdsmerge-rs
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = Path(os.environ.get("EDCA_BIN_DIR", ROOT / "target" / "release"))  # as bench_common
DEFAULT_SCHEMA = ROOT / "schemas" / "ocds-1.1.5" / "release-schema.json"


def run(command, stdin_path=None, env=None):
    """Runs a command, returns (seconds, peak RSS in MiB, number of output lines)."""
    with tempfile.TemporaryFile() as out, open(stdin_path or os.devnull, "rb") as stdin:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=out, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode(errors="replace")
        if process.returncode != 0:
            sys.exit(f"failed ({process.returncode}): {' '.join(map(str, command))}\n{stderr}")
        out.seek(0)
        lines = sum(1 for line in out if line.strip())
    return seconds, usage.ru_maxrss / 1024, lines


def best(command, repeat, **kwargs):
    runs = [run(command, **kwargs) for _ in range(repeat)]
    return min(runs, key=lambda r: r[0])


def count_releases(edca, files):
    output = subprocess.run([edca, "stats", "--format", "json", *files], capture_output=True, check=True)
    return json.loads(output.stdout)["releases"]


def outputs(stdout, package):
    """How many compiled releases (or records, for --package) a compile printed."""
    if package:
        return len(json.loads(stdout)["records"])
    return sum(1 for line in stdout.splitlines() if line.strip())


def compare_big(args):
    import bench_common

    bench_common.need_gnu_time()
    ocdskit = shutil.which("ocdskit") or str(Path(sys.executable).parent / "ocdskit")
    with tempfile.TemporaryDirectory() as tmp:
        files = bench_common.generate(args.keep or tmp, args.processes)
        rows = []
        for label, path in (("package", files["package"]), ("JSON lines", files["lines"])):
            size = os.path.getsize(path) / 1e6
            print(f"\n{path.name}: {size:.1f} MB")
            for mode, options in (("compiled", []), ("--versioned", ["--versioned"]), ("--package", ["--package"])):
                package = mode == "--package"
                edca = bench_common.best([args.edca, "compile", "--schema", args.schema, *options, path], args.repeat)
                row = {"edca": edca}
                if args.baseline:
                    row["baseline edca"] = bench_common.best(
                        [args.baseline, "compile", "--schema", args.schema, *options, path], args.repeat
                    )
                # ocdskit reads bare releases without `parties` as OCDS 1.0 and refuses to mix
                # them with 1.1 ones: on the JSON lines it is timed only with `--ocdskit-lines`.
                if not args.skip_ocdskit and (label == "package" or args.ocdskit_lines):
                    row["ocdskit compile"] = bench_common.run(
                        [ocdskit, "compile", "--schema", args.schema, *options], stdin_path=path
                    )
                counts = {name: outputs(out, package) for name, (_, _, out) in row.items()}
                if len(set(counts.values())) != 1:
                    sys.exit(f"{path.name} {mode}: outputs differ: {counts}")
                peer = row["ocdskit compile"][0] if "ocdskit compile" in row else None
                for name, (seconds, rss, _) in row.items():
                    ratio = peer / seconds if peer else None
                    rows.append((f"{name} {mode} ({label})", seconds, size / seconds, rss, rss / size, ratio))
        bench_common.table(rows, [("seconds", ".3f"), ("MB/s", ".1f"), ("peak RSS MiB", ".1f"),
                                  ("RSS ÷ input MB", ".2f"), ("ocdskit ÷ this", ".1f")])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*")
    parser.add_argument("--big", action="store_true", help="the bulk-download package of issue 11")
    parser.add_argument("--baseline", help="with --big: another edca binary timed on the same inputs")
    parser.add_argument("--processes", type=int, default=20000, help="with --big: processes generated")
    parser.add_argument("--keep", help="with --big: folder for the generated files (kept, reused)")
    parser.add_argument("--ocdskit-lines", action="store_true", help="with --big: ocdskit on the JSON lines too")
    parser.add_argument("--edca", default=str(RELEASE / "edca"))
    parser.add_argument("--schema", default=str(DEFAULT_SCHEMA))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-ocdskit", action="store_true", help="ocdskit takes minutes on large inputs")
    args = parser.parse_args()
    if args.big:
        return compare_big(args)
    if not args.files:
        parser.error("give FILE... or --big")

    files = [str(Path(f).resolve()) for f in args.files]
    releases = count_releases(args.edca, files)
    size = sum(os.path.getsize(f) for f in files)
    print(f"input: {len(files)} file(s), {size / 1e6:.1f} MB, {releases} releases")

    results = {}
    one_thread = dict(os.environ, RAYON_NUM_THREADS="1")
    results["edca compile (1 thread)"] = best(
        [args.edca, "compile", "--schema", args.schema, *files], args.repeat, env=one_thread
    )
    results["edca compile (all cores)"] = best([args.edca, "compile", "--schema", args.schema, *files], args.repeat)
    driver = ROOT / "benches" / "peers" / "ocdsmerge_rs_compile.py"
    results["ocdsmerge-rs"] = best([sys.executable, str(driver), args.schema, *files], args.repeat)
    if not args.skip_ocdskit:
        ocdskit = shutil.which("ocdskit") or str(Path(sys.executable).parent / "ocdskit")
        with tempfile.NamedTemporaryFile(suffix=".jsonl") as joined:
            for f in files:
                with open(f, "rb") as src:
                    data = src.read()
                joined.write(data if data.endswith(b"\n") else data + b"\n")
            joined.flush()
            results["ocdskit compile"] = best(
                [ocdskit, "compile", "--schema", args.schema], 1, stdin_path=joined.name
            )

    lines = {name: r[2] for name, r in results.items()}
    if len(set(lines.values())) != 1:
        sys.exit(f"outputs differ in the number of compiled releases: {lines}")

    base = results["edca compile (1 thread)"][0]
    print(f"{'tool':<28}{'seconds':>10}{'releases/s':>14}{'peak RSS MiB':>15}{'× slower than edca (1 thread)':>32}")
    for name, (seconds, rss, _) in results.items():
        print(f"{name:<28}{seconds:>10.3f}{releases / seconds:>14.0f}{rss:>15.1f}{seconds / base:>32.2f}")


if __name__ == "__main__":
    main()
