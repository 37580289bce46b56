"""Time `edca validate` against libcoveocds (the Data Review Tool's library) on the same files,
in one run, and print the ratio.

libcoveocds 0.17.0 runs in this process through its API (`ocds_json_output`, API context, every
check it has: schema, codelists, additional fields, its additional checks), one file after the
other, offline: the standard's schemas and codelists come from a ZIP made from schemas/ (its
`standard_zip` setting). Declared extensions would make it download them, so both tools get copies
of the files without `extensions` (the same OCDS 1.0.3 / 1.1.5 schemas on both sides). edca runs
once over all the copies (`edca validate --per-file --format json`), so its time includes its
start and schema compilation. Both sides are checked to have reported on every file.

usage:
  python benches/compare_validate.py [--edca target/release/edca] [--repeat 3] [FILE ...]
With no FILE: every release package of ../shared/data (record packages make libcoveocds
download the versioned-release schema, which cannot be done offline). Install libcoveocds==0.17.0
first.

  python benches/compare_validate.py --big [--baseline OTHER_EDCA] [--cove-processes 3000]
      [--processes 20000] [--keep DIR]
`--big`: (1) a generated bulk package that libcoveocds can read (`edca-generate --bulk
--no-mixed-ids --package`, `--cove-processes` processes: libcoveocds takes minutes on the full
one), edca against libcoveocds (target ≥ 40×); (2) the big package of issue 11
(benches/bench_common.py), `edca validate --format json` in MB/s against `--baseline` (target ≥ 3×
today's build), with peak RSS (GNU time).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = Path(os.environ.get("EDCA_BIN_DIR", ROOT / "target" / "release"))  # as bench_common


def standard_zip(folder, version, tag):
    """A ZIP laid out like the standard repository's archive at `tag`."""
    path = Path(folder) / f"standard-{tag}.zip"
    top = f"standard-{tag}/"
    schema_dir = top + ("schema/" if tag >= "1__1__5" else "standard/schema/")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(top, "")
        for file in sorted((ROOT / "schemas" / f"ocds-{version}").rglob("*")):
            if file.is_file():
                z.write(file, schema_dir + file.relative_to(ROOT / "schemas" / f"ocds-{version}").as_posix())
        if version == "1.0.3":
            # libcoveocds registers this schema whatever the version; OCDS 1.0.3 has none, and
            # release packages never refer to it.
            versioned = ROOT / "schemas" / "ocds-1.1.5" / "versioned-release-validation-schema.json"
            z.write(versioned, schema_dir + versioned.name)
    return f"file://{path}"


def packages(shared):
    data = Path(shared) / "data"
    out = []
    for path in sorted(data.rglob("*.json")):
        try:
            value = json.loads(path.read_bytes())
        except ValueError:
            continue
        if isinstance(value, dict) and "ocid" not in value and "releases" in value and "records" not in value:
            out.append(path)
    return out


def compare_big(args):
    import bench_common
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    bench_common.need_gnu_time()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        cove = folder / f"bulk-cove-{args.cove_processes}.json"
        if not cove.exists():
            subprocess.run([bench_common.GENERATE, "--bulk", "--no-mixed-ids", "--package", "--processes",
                            str(args.cove_processes), cove], check=True, capture_output=True)
        rows = []
        size = cove.stat().st_size / 1e6
        edca = bench_common.best([args.edca, "validate", "--format", "json", cove], args.repeat, ok=(0, 1))
        value = json.loads(cove.read_bytes())
        config = LibCoveOCDSConfig({"standard_zip": standard_zip(tmp, "1.1.5", "1__1__5"), "context": "api"})
        start = time.perf_counter()
        context = ocds_json_output(str(tmp), str(cove), "1.1", json_data=value, lib_cove_ocds_config=config)
        libcove_s = time.perf_counter() - start
        assert "validation_errors" in context
        rows.append((f"edca validate ({cove.name})", edca[0], size / edca[0], edca[1], libcove_s / edca[0]))
        rows.append((f"libcoveocds 0.17.0 ({cove.name})", libcove_s, size / libcove_s, None, 1.0))

        big = bench_common.generate(folder, args.processes)["package"]
        size = big.stat().st_size / 1e6
        mine = bench_common.best([args.edca, "validate", "--format", "json", big], args.repeat, ok=(0, 1))
        rows.append((f"edca validate ({big.name})", mine[0], size / mine[0], mine[1], None))
        if args.baseline:
            base = bench_common.best([args.baseline, "validate", "--format", "json", big], args.repeat, ok=(0, 1))
            rows.append((f"baseline edca validate ({big.name})", base[0], size / base[0], base[1], None))
        bench_common.table(rows, [("seconds", ".3f"), ("MB/s", ".2f"), ("peak RSS MiB", ".1f"),
                                  ("libcove ÷ this", ".1f")])
        print(f"edca is {libcove_s / edca[0]:.1f}x faster than libcoveocds on {cove.name} (target ≥ 40)")
        if args.baseline:
            print(f"edca ÷ baseline MB/s on {big.name}: {base[0] / mine[0]:.2f} (target ≥ 3)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*")
    parser.add_argument("--big", action="store_true", help="the generated bulk packages of issue 11")
    parser.add_argument("--baseline", help="with --big: another edca binary timed on the big package")
    parser.add_argument("--processes", type=int, default=20000, help="with --big: processes of the big package")
    parser.add_argument("--cove-processes", type=int, default=3000, help="with --big: of libcoveocds' package")
    parser.add_argument("--keep", help="with --big: folder for the generated files (kept, reused)")
    parser.add_argument("--edca", default=str(RELEASE / "edca"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.big:
        return compare_big(args)

    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    files = [Path(f) for f in args.files] or packages(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        zips = {"1.1": standard_zip(tmp, "1.1.5", "1__1__5"), "1.0": standard_zip(tmp, "1.0.3", "1__0__3")}
        copies = []
        for i, path in enumerate(files):
            value = json.loads(path.read_bytes())
            if isinstance(value, dict):
                value.pop("extensions", None)
            copy = Path(tmp) / f"{i:05}-{path.name}"
            copy.write_text(json.dumps(value))
            copies.append((copy, value))
        size = sum(c.stat().st_size for c, _ in copies)
        print(f"input: {len(copies)} file(s), {size / 1e6:.1f} MB")

        def run_edca():
            start = time.perf_counter()
            result = subprocess.run(
                [args.edca, "validate", "--per-file", "--format", "json", "--examples", "5", *map(str, (c for c, _ in copies))],
                capture_output=True,
            )
            seconds = time.perf_counter() - start
            if result.returncode not in (0, 1):
                sys.exit(f"edca failed: {result.stderr.decode()}")
            assert len(result.stdout.splitlines()) == len(copies)
            return seconds

        def run_libcove():
            start = time.perf_counter()
            for copy, value in copies:
                version = str(value.get("version", "1.0")) if isinstance(value, dict) else "1.1"
                version = "1.0" if version.startswith("1.0") else "1.1"
                config = LibCoveOCDSConfig({"standard_zip": zips[version], "context": "api"})
                # The version edca reads (1.0 when absent), chosen explicitly: libcoveocds would
                # otherwise default to 1.1 and refuse `1.0.1`.
                context = ocds_json_output(str(tmp), str(copy), version, json_data=value, lib_cove_ocds_config=config)
                assert "validation_errors" in context, copy
            return time.perf_counter() - start

        edca_s = min(run_edca() for _ in range(args.repeat))
        libcove_s = min(run_libcove() for _ in range(max(1, args.repeat // 3)))
    print(f"{'tool':<34}{'seconds':>10}{'MB/s':>10}")
    print(f"{'edca validate':<34}{edca_s:>10.3f}{size / 1e6 / edca_s:>10.2f}")
    print(f"{'libcoveocds 0.17.0 (ocds_json_output)':<34}{libcove_s:>10.3f}{size / 1e6 / libcove_s:>10.2f}")
    print(f"edca is {libcove_s / edca_s:.1f}x faster")


if __name__ == "__main__":
    main()
