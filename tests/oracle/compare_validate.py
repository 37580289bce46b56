"""Differential test: the schema errors of `edca validate` against libcoveocds 0.17.0 (the Data
Review Tool's library) on every file of the shared corpus, with the same schema.

What runs on the Python side: libcoveocds' own validation routine, `get_schema_validation_errors`
of libcove (libcoveocds's dependency, with the overrides libcoveocds installs on import: its
`uniqueItems` by id / ocid+id, its `oneOf` for a record's linked or embedded releases, its
`required`, no `patternProperties`, enum errors of closed codelists left to the codelist check),
jsonschema's Draft4Validator underneath with its FormatChecker (date-time, uri, email).

Which schema: libcoveocds would build it with ocdsextensionregistry's ProfileBuilder, which
downloads every declared extension; that cannot run offline. So the schema is the one edca
uses for that file (the profile its package asks for), dumped by `edca validate --dump-schema`
and handed to libcoveocds' routine through a minimal schema object, with the release schema
registered under its URL (as libcoveocds' own `registry` does) and "isCodelist" marks added by
libcoveocds' `SchemaOCDS._add_is_codelist`. That edca's patched schema equals ProfileBuilder's is
tested by scripts/profile_builder_oracle.py.

Compared per file: the set of (keyword, path without array indices), paths relative to the
file's value as libcove writes them (`releases/awards/suppliers/id`). Releases and records
outside packages are validated one by one against the release schema / record definition.
One known difference is left out of the comparison and counted: edca checks the schema's
`patternProperties` (translations such as `title_es` must be strings); libcove removes that
keyword from its validator.

usage: python tests/oracle/compare_validate.py [--edca target/debug/edca] [--shared ../shared]
Exits non-zero on any difference.
"""

import argparse
import copy
import json
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import libcoveocds.common_checks  # noqa: F401 (installs libcoveocds' validator overrides)
from jsonschema import FormatChecker
from libcove.lib.common import get_schema_validation_errors, validator
from libcoveocds.schema import SchemaOCDS
from referencing import Registry, Resource

from corpus import manifest

ROOT = Path(__file__).resolve().parents[2]
# libcove's LANGUAGE_RE: member names of translations (title_es), matched by patternProperties.
LANGUAGE_RE = re.compile(
    "^(.*_(((([A-Za-z]{2,3}(-([A-Za-z]{3}(-[A-Za-z]{3}){0,2}))?)|[A-Za-z]{4}|[A-Za-z]{5,8})(-([A-Za-z]{4}))?"
    "(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-([0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+))*"
    "(-(x(-[A-Za-z0-9]{1,8})+))?)|(x(-[A-Za-z0-9]{1,8})+)))$"
)


class DumpedSchema:
    """What get_schema_validation_errors reads of libcoveocds' SchemaOCDS, on edca's schemas."""

    def __init__(self, dump, package_schema):
        self.package_schema = package_schema
        resources = []
        for uri, schema in dump["resources"]:
            schema = copy.deepcopy(schema)
            if schema is dump["release"] or uri == dump["release"].get("id"):
                SchemaOCDS._add_is_codelist(schema)
            resources.append((uri, Resource.from_contents(schema)))
        # Record definitions are referenced within the record package schema itself.
        self.registry = Registry().with_resources(resources)

    def get_pkg_schema_obj(self):
        return self.package_schema

    def validator(self, validator_class, format_checker):
        return validator_class(self.package_schema, format_checker=format_checker, registry=self.registry)


def libcove_errors(dump, value):
    """(keyword, path) of libcove's schema errors for one top-level value."""
    out = set()

    def run(package_schema, data, prefix=""):
        schema_obj = DumpedSchema(dump, package_schema)
        errors = get_schema_validation_errors(data, schema_obj, "-", {}, {})
        for key in errors:
            error = json.loads(key)
            path = error["path_no_number"]
            out.add((error["validator"], f"{prefix}{path}".rstrip("/") if prefix else path))

    if isinstance(value, dict) and "ocid" not in value and "records" in value:
        run(dump["record_package"], value)
    elif isinstance(value, dict) and "ocid" not in value and "releases" in value:
        run(dump["release_package"], value)
    elif isinstance(value, dict) and isinstance(value.get("releases"), list):
        record_schema = copy.deepcopy(dump["record_package"])
        record_schema["$ref"] = "#/definitions/record"
        run(record_schema, value)
    elif isinstance(value, dict):
        run({"$ref": dump["release"]["id"]}, value)
    return out


def edca_errors(report, is_package):
    """(keyword, path) of the schema errors of one of edca's per-file reports, with libcove's paths."""
    out = set()
    for group in report["schema"]:
        keyword = group["code"].split(".", 1)[1]
        if keyword == "other":
            keyword = group["detail"]
        prefix = {"release": "releases", "record": "records"}.get(group["scope"], "") if is_package else ""
        out.add((keyword, "/".join(p for p in (prefix, group["path"]) if p)))
    return out


def package_key(values):
    """The first package's (version, extensions), or None for releases and records."""
    first = (values[0] if values else None) if isinstance(values, list) else values
    if isinstance(first, dict) and "ocid" not in first and ("releases" in first or "records" in first):
        extensions = first.get("extensions")
        extensions = tuple(e for e in extensions if isinstance(e, str)) if isinstance(extensions, list) else ()
        return (str(first.get("version")), extensions)
    return None


def expected_errors(args):
    """libcove's errors for one file, with edca's schema for it."""
    path, dump = args
    value = json.loads(Path(path).read_bytes())
    expected = set()
    for item in value if isinstance(value, list) else [value]:
        expected |= libcove_errors(dump, item)
    return expected


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edca", default=str(ROOT / "target" / "debug" / "edca"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    corpus = manifest(args.shared)
    if corpus is None:
        return 0
    data, rows = corpus
    paths = [data / row["path"] for row in rows]
    # edca: one process for every file, one report per file.
    edca = subprocess.Popen(
        [args.edca, "validate", "--per-file", "--format", "json", "--examples", "1", *map(str, paths)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    # The schema of each file: the profile its first package asks for (dumped once per profile).
    dumps, files = {}, []
    for path in paths:
        key = package_key(json.loads(path.read_bytes()))
        if key not in dumps:
            dumped = subprocess.run([args.edca, "validate", "--dump-schema", str(path)], capture_output=True, check=True)
            dumps[key] = json.loads(dumped.stdout)
        files.append((path, key))
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        expected_all = list(pool.map(expected_errors, [(str(p), dumps[k]) for p, k in files], chunksize=8))
    reports = {}
    for line in edca.stdout:
        report = json.loads(line)
        reports[report["file"]] = report
    if edca.wait() not in (0, 1):
        sys.exit(f"edca validate failed with status {edca.returncode}")
    differences = []
    compared = with_errors = pattern_only = pairs = 0
    for (path, key), expected in zip(files, expected_all):
        got = edca_errors(reports[str(path)], key is not None)
        patterns = {e for e in got - expected if e[1] and LANGUAGE_RE.search(e[1].split("/")[-1])}
        got -= patterns
        compared += 1
        with_errors += bool(expected)
        pairs += len(expected)
        pattern_only += len(patterns)
        if expected != got:
            differences.append((str(path), dumps[key]["profile"], sorted(expected - got), sorted(got - expected)))
    for path, profile, missing, extra in differences[:40]:
        print(f"DIFF {path} ({profile})")
        for e in missing[:8]:
            print(f"   libcove only: {e}")
        for e in extra[:8]:
            print(f"   edca only:    {e}")
    print(
        f"validate oracle (libcoveocds 0.17.0 routine, edca's schema): {compared} files, {with_errors} with schema "
        f"errors ({pairs} distinct keyword+path pairs), {len(differences)} differences; {pattern_only} edca-only patternProperties groups (libcove skips them)"
    )
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
