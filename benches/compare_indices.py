"""Time `edca indices` against Cardinal's field coverage on the same compiled releases, in one
run, and print ratios.

Inputs: a generated dataset (`edca-generate --seed 7`, compiled by `edca compile`: 7,400
processes, about 32 MB of compiled releases) and real files of the shared corpus (default: the
largest Mexican file, one 4 MB release), each compiled by `edca compile` to JSON lines first.
On each, timed: `edca indices` with every family, with coverage only (all cores and one thread),
and `ocdscardinal.coverage()` (driven by benches/peers/cardinal_coverage.py, so its time
includes starting Python, about 20 ms). Each command runs `--repeat` times; the best wall time
and the peak resident memory of that run are reported. Coverage counts of edca and Cardinal are
checked to be equal.

usage:
  python benches/compare_indices.py [--edca target/release/edca] [--baseline OTHER_EDCA]
      [--generate target/release/edca-generate] [--processes 7400] [--repeat 3] [REAL_FILE...]

`--baseline` adds the rows of another edca binary (e.g. a build of an earlier commit), for
before/after figures taken in the same run. `--big` adds the bulk-download package of issue 11
(benches/bench_common.py): `edca indices` with every family on the package itself (releases,
compiled by edca as it reads), edca and baseline, in MB/s of the package (target: 2× today's
build), then the usual comparison on its compiled releases.

Install the peer first: pip install ocdscardinal==0.0.8 (and GNU time: apt-get install time)
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = Path(os.environ.get("EDCA_BIN_DIR", ROOT / "target" / "release"))  # as bench_common
TIME = "/usr/bin/time"  # GNU time (Debian package `time`)
DEFAULT_REAL = ROOT.parent / "shared" / "data" / "real" / "mexico" / "apf-shcp" / "shcp-record-package_3.json"


def run(command, env=None):
    """Runs a command, returns (seconds, peak RSS in MiB, standard output).

    The peak RSS is read by /usr/bin/time: a child of this Python process would report at least
    this process's own RSS (Linux keeps the high-water mark across fork and exec), which is
    larger than the peaks measured here.
    """
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        start = time.perf_counter()
        result = subprocess.run([TIME, "-f", "%M", "-o", rss.name, *map(str, command)], stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.PIPE, env=env)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(map(str, command))}\n{result.stderr.decode(errors='replace')}")
        out.seek(0)
        return seconds, int(rss.read().split()[-1]) / 1024, out.read()


def best(command, repeat, env=None):
    runs = [run(command, env) for _ in range(repeat)]
    return min(runs, key=lambda r: r[0])


def compile_to(edca, sources, target):
    with open(target, "wb") as out:
        # Publishers' duplicate ids make merge warnings: not what is measured here.
        subprocess.run([edca, "compile", *map(str, sources)], stdout=out, stderr=subprocess.DEVNULL, check=True)
    return target


def compare(args, label, compiled, config):
    lines = sum(1 for line in open(compiled, "rb") if line.strip())
    print(f"\n{label}: {os.path.getsize(compiled) / 1e6:.1f} MB of compiled releases, {lines} processes")
    one_thread = dict(os.environ, RAYON_NUM_THREADS="1")
    driver = ROOT / "benches" / "peers" / "cardinal_coverage.py"
    results = {
        "edca indices (all families)": best([args.edca, "indices", str(compiled)], args.repeat),
        "edca indices (coverage)": best([args.edca, "indices", "--config", str(config), str(compiled)], args.repeat),
        "edca indices (coverage, 1 thread)": best(
            [args.edca, "indices", "--config", str(config), str(compiled)], args.repeat, one_thread
        ),
        **(
            {
                "baseline edca indices (all families)": best([args.baseline, "indices", str(compiled)], args.repeat),
                "baseline edca indices (coverage)": best(
                    [args.baseline, "indices", "--config", str(config), str(compiled)], args.repeat
                ),
            }
            if args.baseline
            else {}
        ),
        "ocdscardinal.coverage": best([sys.executable, str(driver), str(compiled)], args.repeat),
    }
    mine = json.loads(results["edca indices (coverage)"][2])["coverage"]
    theirs = json.loads(results["ocdscardinal.coverage"][2])
    if mine != theirs:
        sys.exit(f"coverage counts differ on {label}")
    base_seconds, base_rss, _ = results["ocdscardinal.coverage"]
    print(f"{'tool':<36}{'seconds':>9}{'MB/s':>8}{'peak RSS MiB':>14}{'time ÷ Cardinal':>17}{'RSS ÷ Cardinal':>16}")
    size = os.path.getsize(compiled) / 1e6
    for name, (seconds, rss, _) in results.items():
        print(f"{name:<36}{seconds:>9.3f}{size / seconds:>8.1f}{rss:>14.1f}{seconds / base_seconds:>17.2f}"
              f"{rss / base_rss:>16.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("real", nargs="*", help=f"real files (default: {DEFAULT_REAL.name} if present)")
    parser.add_argument("--edca", default=str(RELEASE / "edca"))
    parser.add_argument("--baseline", help="another edca binary to time on the same inputs")
    parser.add_argument("--generate", default=str(RELEASE / "edca-generate"))
    parser.add_argument("--processes", type=int, default=7400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="add the bulk-download package of issue 11")
    parser.add_argument("--keep", help="with --big: folder for the generated files (kept, reused)")
    args = parser.parse_args()
    if not os.access(TIME, os.X_OK):
        sys.exit(f"{TIME} is needed to measure peak memory (apt-get install time)")
    real = [Path(f) for f in args.real] or ([DEFAULT_REAL] if DEFAULT_REAL.is_file() else [])

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        config = work / "coverage.toml"
        config.write_text('families = ["coverage"]\n')
        releases = work / "generated.jsonl"
        subprocess.run([args.generate, "--seed", "7", "--processes", str(args.processes), str(releases)],
                       check=True, capture_output=True)
        compiled = compile_to(args.edca, [releases], work / "generated-compiled.jsonl")
        releases.unlink()
        compare(args, f"generated ({args.processes} processes, seed 7)", compiled, config)
        for path in real:
            compiled = compile_to(args.edca, [path], work / f"{path.stem}-compiled.jsonl")
            compare(args, path.name, compiled, config)
        if args.big:
            import bench_common

            big = bench_common.generate(args.keep or work, generate_bin=args.generate)["package"]
            size = os.path.getsize(big) / 1e6
            print(f"\n{big.name}: {size:.1f} MB of releases (one package)")
            rows = {"edca indices (all families)": best([args.edca, "indices", big], args.repeat)}
            if args.baseline:
                rows["baseline edca indices (all families)"] = best([args.baseline, "indices", big], args.repeat)
            print(f"{'tool':<36}{'seconds':>9}{'MB/s':>8}{'peak RSS MiB':>14}")
            for name, (seconds, rss, _) in rows.items():
                print(f"{name:<36}{seconds:>9.3f}{size / seconds:>8.1f}{rss:>14.1f}")
            if args.baseline:
                ratio = rows["baseline edca indices (all families)"][0] / rows["edca indices (all families)"][0]
                print(f"edca ÷ baseline MB/s: {ratio:.2f} (target ≥ 2)")
            compiled = compile_to(args.edca, [big], work / "big-compiled.jsonl")
            compare(args, f"{big.name} compiled", compiled, config)


if __name__ == "__main__":
    main()
