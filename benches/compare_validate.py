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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*")
    parser.add_argument("--edca", default=str(ROOT / "target" / "release" / "edca"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

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
