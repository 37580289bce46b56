"""The cost of Spark's plumbing: the Spark job (examples/spark/edca_spark.py) in local mode
against the CLI doing the same work (`edca compile`, `edca compile --versioned`, `edca indices`)
on the same generated input, in one run; prints releases per core-second of each and their
ratio, then a projection for a national dataset from the measured rates.

usage:
  PYSPARK_PYTHON=target/python-venv/bin/python \\
  target/python-venv/bin/python benches/compare_spark.py [--processes 20000] [--files 8] [--cores 1,2]

Needs the binding and PySpark in that venv (scripts/test-all installs both) and the release
tools (EDCA_BIN_DIR, default target/<host>/release: edca and edca-generate).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples" / "spark"))


def host_release() -> Path:
    triple = subprocess.run(["rustc", "-vV"], capture_output=True, text=True).stdout
    host = next(line.split()[1] for line in triple.splitlines() if line.startswith("host:"))
    return ROOT / "target" / host / "release"


def generate(bin_dir: Path, processes: int, files: int, folder: Path) -> int:
    """A seeded feed split into `files` JSON-lines files; returns the number of releases."""
    feed = folder / "feed.jsonl"
    subprocess.run([bin_dir / "edca-generate", "--seed", "7", "--processes", str(processes), feed], check=True)
    lines = feed.read_bytes().splitlines(keepends=True)
    feed.unlink()
    (folder / "in").mkdir()
    step = -(-len(lines) // files)
    for n in range(files):
        (folder / "in" / f"part-{n:03}.jsonl").write_bytes(b"".join(lines[n * step : (n + 1) * step]))
    return len(lines)


def cli_cpu(bin_dir: Path, inputs: list[str], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the CLI's three commands (what the job writes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for args, name in ((["compile"], "compiled"), (["compile", "--versioned"], "versioned"), (["indices"], "indices")):
        with open(out / f"{name}.json", "wb") as stream:
            subprocess.run([bin_dir / "edca", *args, "--quiet", *inputs], stdout=stream, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def spark_run(cores: int, folder: Path, out: Path) -> dict:
    """The job in local[cores], after a warm-up run (the JVM and the workers started)."""
    from pyspark.sql import SparkSession

    import edca_spark

    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(2 * cores))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(edca_spark.__file__)
    try:
        edca_spark.run(spark, str(folder), str(out / "warm"), partitions=2 * cores)
        timings: dict = {}
        started = time.perf_counter()
        report = edca_spark.run(spark, str(folder), str(out / "run"), partitions=2 * cores, timings=timings)
        timings["total"] = time.perf_counter() - started
        timings["processes"] = report["meta"]["processes"]
        return timings
    finally:
        spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=20000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--cores", default="1,2", help="local[n] runs, comma-separated")
    parser.add_argument("--national", type=float, default=30e6, help="releases of the projected dataset")
    args = parser.parse_args()
    bin_dir = Path(os.environ.get("EDCA_BIN_DIR", host_release()))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        releases = generate(bin_dir, args.processes, args.files, tmp)
        inputs = sorted(str(p) for p in (tmp / "in").iterdir())
        (tmp / "cli").mkdir()
        wall, cpu = cli_cpu(bin_dir, inputs, tmp / "cli")
        cli_rate = releases / cpu
        print(f"input: {releases:,} releases, {args.processes:,} processes, {args.files} files")
        print(f"CLI (compile + compile --versioned + indices): {wall:.2f} s wall, {cpu:.2f} CPU s "
              f"→ {cli_rate:,.0f} releases per core-second")
        rates = {}
        for cores in [int(c) for c in args.cores.split(",")]:
            t = spark_run(cores, tmp / "in", tmp / f"spark-{cores}")
            rate = releases / (t["total"] * cores)
            rates[cores] = (rate, t)
            print(
                f"Spark local[{cores}]: {t['total']:.2f} s (distributed {t['distributed']:.2f}, finish on the "
                f"driver {t['finish']:.2f}, write {t['write']:.2f}) → {rate:,.0f} releases per core-second, "
                f"{rate / cli_rate:.2f}× the CLI's"
            )
        cores, (rate, t) = max(rates.items())
        distributed_rate = releases / (t["distributed"] * cores)
        # Finishing and writing the report and its rows happen on the driver: the serial part.
        finish_per_process = (t["finish"] + t["write"]) / max(t["processes"], 1)
        processes = args.national / (releases / args.processes)
        print(f"\nprojection for {args.national:,.0f} releases ({processes:,.0f} processes), from local[{cores}]:")
        for cluster in (16, 64, 256):
            parallel = args.national / (distributed_rate * cluster)
            serial = finish_per_process * processes
            print(f"  {cluster:>3} cores: {parallel / 60:6.1f} min distributed + {serial / 60:5.1f} min "
                  f"finishing and writing on the driver = {(parallel + serial) / 60:6.1f} min")


if __name__ == "__main__":
    main()
