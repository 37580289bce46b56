"""`edca flatten` and `edca unflatten` against flatten-tool 0.28 (PyPI) on the same inputs.

Oracle: flatten-tool's own conventions for OCDS (`--root-list-path releases --root-id ocid
--main-sheet-name main --remove-empty-schema-columns`, the OCDS 1.1.5 release schema).
- flatten: the same tables (matched by the array they hold, since sheet names differ on purpose),
  the same column names as sets, the same rows as multisets of {column: cell}.
- unflatten: flatten-tool's unflatten of its own tables and `edca unflatten` of the same tables
  give the same releases.
Deliberate differences, which this script allows and counts (docs/notes/tables.md):
- sheet names: edca keeps whole segment names (`tender_items`, flatten-tool `ten_items`);
- booleans in CSV: edca writes `true`/`false`, flatten-tool `True`/`False`;
- edca's extra `package` table (package metadata, kept through a round trip);
- unflatten of a field outside the release schema: flatten-tool leaves every such cell a string,
  edca types it by the EDCA-MX profile's extensions (a number stays a number).
Anything else is a difference, printed with the file, table, column and both values; exit 1.

    python tests/oracle/compare_flatten.py [--edca target/release/edca] [--per-publisher 3]
"""

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections import Counter
from decimal import Decimal
from pathlib import Path

import flattentool

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT.parent / "shared" / "data"
SCHEMA = ROOT / "schemas" / "ocds-1.1.5" / "release-schema.json"


def inputs(per_publisher, max_bytes):
    """Release packages of the corpus: all of the documentation's and the fictional example's,
    and up to `per_publisher` of each real publisher (smallest first above 4 KB), ≤ max_bytes."""
    with (DATA / "MANIFEST.csv").open(newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["format"] == "release package" and int(r["bytes"]) <= max_bytes]
    chosen, taken = [], Counter()
    for row in sorted(rows, key=lambda r: (r["path"].split("/")[:2], int(r["bytes"]))):
        group = row["path"].split("/")[0]
        if group == "real":
            group = row["path"].split("/")[1]
            if int(row["bytes"]) < 4096 or taken[group] >= per_publisher:
                continue
        with (DATA / row["path"]).open(encoding="utf-8-sig") as f:
            data = json.load(f)
        # The MANIFEST's format says what the folder holds; the file decides (a record with its
        # `releases`, as Ukraine's, is not a release package).
        if not isinstance(data.get("releases"), list) or {"compiledRelease", "versionedRelease"} & set(data):
            continue
        taken[group] += 1
        chosen.append(DATA / row["path"])
    return chosen


def array_path(headers):
    """The array a table holds, from its key columns: `tender/items/0/id` → `tender/items`."""
    deepest = ""
    for header in headers:
        if "/0/" in header:
            prefix = header.rsplit("/0/", 1)[0]
            if (prefix.count("/0/"), len(prefix)) > (deepest.count("/0/"), len(deepest)):
                deepest = prefix
    return re.sub(r"/0(?=/|$)", "", deepest)


def read_tables(folder):
    """{array path: (sheet name, headers, Counter of rows)}; `main` for the releases."""
    tables = {}
    for path in sorted(Path(folder).glob("*.csv")):
        if path.stem == "package":
            continue
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        if not rows:
            continue
        headers = rows[0]
        key = "main" if path.stem == "main" else array_path(headers)
        body = Counter(
            json.dumps({h: cell(v) for h, v in zip(headers, row) if v != ""}, sort_keys=True) for row in rows[1:]
        )
        filled = {h for n, h in enumerate(headers) if any(n < len(row) and row[n] != "" for row in rows[1:])}
        tables[key] = (path.stem, filled, body)
        read_tables.empty_columns += len(set(headers) - filled)
    return tables


read_tables.empty_columns = 0


def cell(value):
    """A CSV cell with the one deliberate difference (booleans' spelling) taken out."""
    return {"True": "true", "False": "false"}.get(value, value)


def compare_tables(name, ours, theirs, differences):
    for key in sorted(set(ours) | set(theirs)):
        if key not in ours or key not in theirs:
            side = "only flatten-tool" if key in theirs else "only edca"
            differences.append(f"{name}: table {key}: {side}")
            continue
        (sheet_o, head_o, rows_o), (sheet_t, head_t, rows_t) = ours[key], theirs[key]
        if head_o != head_t:
            differences.append(
                f"{name}: {key} ({sheet_o} / {sheet_t}): columns only edca {sorted(set(head_o) - set(head_t))},"
                f" only flatten-tool {sorted(set(head_t) - set(head_o))}"
            )
        if rows_o != rows_t:
            extra_o = [json.loads(r) for r in (rows_o - rows_t).elements()]
            extra_t = [json.loads(r) for r in (rows_t - rows_o).elements()]
            for row_o, row_t in zip(extra_o, extra_t):
                for column in sorted(set(row_o) | set(row_t)):
                    if row_o.get(column) != row_t.get(column):
                        differences.append(
                            f"{name}: {key} {column}: edca {row_o.get(column)!r}, flatten-tool {row_t.get(column)!r}"
                        )
            if len(extra_o) != len(extra_t):
                differences.append(f"{name}: {key}: {len(extra_o)} rows only edca, {len(extra_t)} only flatten-tool")


def same_value(ours, theirs, path, differences, name):
    """Releases equal, a number of edca equal to flatten-tool's string of a field outside the
    release schema (deliberate: edca types extension fields)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            if key not in ours or key not in theirs:
                differences.append(f"{name}: {path}/{key}: only {'edca' if key in ours else 'flatten-tool'}")
            else:
                same_value(ours[key], theirs[key], f"{path}/{key}", differences, name)
    elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for n, (o, t) in enumerate(zip(ours, theirs)):
            same_value(o, t, f"{path}/{n}", differences, name)
    elif isinstance(ours, str) and isinstance(theirs, str) and ours != theirs and ours == theirs.strip():
        same_value.trimmed += 1
    elif ours != theirs:
        typed_extension = (
            isinstance(theirs, str)
            and not isinstance(ours, (dict, list))
            and json.dumps(ours, default=str).strip('"') == theirs
        )
        if typed_extension:
            same_value.typed += 1
        else:
            differences.append(f"{name}: {path}: edca {ours!r}, flatten-tool {theirs!r}")


same_value.typed = 0
same_value.trimmed = 0


def release_key(release):
    """flatten-tool writes the releases of a root id together: compare them by ocid and id."""
    return (str(release.get("ocid")), str(release.get("id")), str(release.get("date")))


def without_id(path):
    with path.open(encoding="utf-8-sig") as f:
        return any("id" not in r for r in json.load(f)["releases"] if isinstance(r, dict))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edca", default=str(ROOT / "target" / "release" / "edca"))
    parser.add_argument("--per-publisher", type=int, default=3)
    parser.add_argument("--max-bytes", type=int, default=200_000)
    args = parser.parse_args()
    if not DATA.exists():
        print("compare_flatten: skipped (../shared/data not found)")
        return 0
    warnings.simplefilter("ignore")
    files = inputs(args.per_publisher, args.max_bytes)
    differences, tables, releases, skipped = [], 0, 0, []
    with tempfile.TemporaryDirectory(prefix="edca-flatten-oracle-") as tmp:
        tmp = Path(tmp)
        for n, path in enumerate(files):
            name = str(path.relative_to(DATA))
            theirs_dir, ours_dir = tmp / f"ft{n}", tmp / f"edca{n}"
            flattentool.flatten(
                str(path), schema=str(SCHEMA), output_name=str(theirs_dir), output_format="csv",
                root_list_path="releases", root_id="ocid", main_sheet_name="main",
                remove_empty_schema_columns=True,
            )  # fmt: skip
            subprocess.run([args.edca, "flatten", "-o", ours_dir, path], check=True, capture_output=True)
            ours, theirs = read_tables(ours_dir), read_tables(theirs_dir)
            tables += len(theirs)
            compare_tables(name, ours, theirs, differences)

            # Back: both read flatten-tool's tables. A release without its (required) `id`:
            # edca joins its rows by ocid and the empty id, flatten-tool makes a second release.
            if without_id(path):
                skipped.append(name)
                continue
            theirs_json = tmp / f"ft{n}.json"
            flattentool.unflatten(
                str(theirs_dir), input_format="csv", output_name=str(theirs_json),
                root_list_path="releases", root_id="ocid", schema=str(SCHEMA),
            )  # fmt: skip
            done = subprocess.run([args.edca, "unflatten", "--package", theirs_dir], capture_output=True)
            if done.returncode not in (0, 1) or not done.stdout:
                differences.append(f"{name}: edca unflatten failed: {done.stderr.decode()[-300:]}")
                continue
            ours_releases = sorted(json.loads(done.stdout, parse_float=Decimal)["releases"], key=release_key)
            theirs_releases = sorted(json.loads(theirs_json.read_text(), parse_float=Decimal)["releases"], key=release_key)
            releases += len(theirs_releases)
            same_value(ours_releases, theirs_releases, "", differences, name)
            shutil.rmtree(theirs_dir)
            shutil.rmtree(ours_dir)
    for line in differences:
        print(line)
    print(
        f"compare_flatten: {len(files)} files, {tables} tables, {releases} releases unflattened;"
        f" deliberate: {same_value.typed} extension cells typed by edca, {same_value.trimmed} cells trimmed by edca,"
        f" {read_tables.empty_columns} empty columns left out, {len(skipped)} files with releases without id"
        f" not unflattened; {len(differences)} differences"
    )
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
