"""Compile releases with ocdsmerge-rs, as a peer for benches/compare_compile.py.

Reads release packages or releases (JSON lines or one JSON value per file), groups releases by
ocid in order of first appearance, and writes one compiled release per line, like `edca compile`.

usage: python ocdsmerge_rs_compile.py SCHEMA FILE...
"""

import json
import sys

import ocdsmerge_rs


def releases_of(value):
    if isinstance(value, list):
        for item in value:
            yield from releases_of(item)
    elif isinstance(value, dict):
        if "releases" in value and "ocid" not in value:
            yield from value["releases"]
        elif "records" in value:
            for record in value["records"]:
                yield from record.get("releases", [])
        else:
            yield value


def values_of(path):
    with open(path, "rb") as f:
        text = f.read()
    try:
        yield json.loads(text)
    except json.JSONDecodeError:
        for line in text.splitlines():
            if line.strip():
                yield json.loads(line)


def main():
    schema = json.load(open(sys.argv[1]))
    merger = ocdsmerge_rs.Merger(rules=ocdsmerge_rs.Merger.get_rules(ocdsmerge_rs.Merger.dereference(schema)))
    by_ocid = {}
    for path in sys.argv[2:]:
        for value in values_of(path):
            for release in releases_of(value):
                by_ocid.setdefault(release["ocid"], []).append(release)
    out = sys.stdout
    for releases in by_ocid.values():
        out.write(json.dumps(merger.create_compiled_release(releases)))
        out.write("\n")


if __name__ == "__main__":
    main()
