"""Differential test of issue 18 (peer parity): what users of ocdskit 1.7.0 and of the Data Review
Tool (libcoveocds 0.17.0) rely on, on small inputs written here (no corpus needed, offline).

1. A package's `version` (validate): for each declared value, whether libcoveocds' SchemaOCDS
   marks it `invalid_version_data` and which version it then validates by, against whether
   `edca validate` reports `input.package_version` at `/version` and the `version_fallback` of
   its report. With a chosen version (libcoveocds' `select_version`, the CLI's `-s`; edca's
   `--ocds-version`) neither reports the package's version.
2. A package's `version` (compile): ocdskit refuses a package whose version
   `get_ocds_patch_tag` does not know (UnknownVersionError, or a crash for values that are no
   string); edca refuses the same packages (`compile.package_version`) and merges the others.
   ocdskit asks the network for the list of OCDS tags: it is given the list of OCDS releases
   instead (1.0.0-1.0.3, 1.1.0-1.1.5), the fact it would download.
3. `ocdskit compile --package` with `--publisher-name/-uri/-scheme/-uid`, `--version`, `--fake`,
   `--uri`, `--published-date`, and `ocdskit compile --root-path releases.item`, against the same
   words given to `edca compile` (the same release schema, so that only metadata and reading
   are compared; records compared per ocid, as ocdskit orders them by ocid and edca by first
   appearance).
4. `uniqueItems` of packages' `releases` / `records` without `id` / `ocid`: libcove's schema
   errors (libcoveocds' routine, as in compare_validate.py, on edca's schema) against edca's.
5. OCID prefixes: libcoveocds' `get_bad_ocid_prefixes` paths against the pointers of edca's
   `quality.ocid_prefix` findings, on records whose `compiledRelease` or releases are malformed.

Deliberate differences (docs/notes/parity.md), checked here as such: an empty string `version`
is reported by edca (libcoveocds skips a falsy version); a package without `version` is OCDS 1.0
for edca (as the standard says), 1.1 for libcoveocds.

usage: python tests/oracle/compare_parity.py [--edca target/debug/edca]
Exits non-zero on any difference.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import ocdskit.util
from libcoveocds.lib.common_checks import get_bad_ocid_prefixes
from libcoveocds.schema import SchemaOCDS

from compare_validate import edca_errors, libcove_errors

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_1_1 = ROOT / "schemas" / "ocds-1.1.5" / "release-schema.json"
OCDSKIT = Path(sys.executable).with_name("ocdskit")
TAGS = ["1__0__0", "1__0__1", "1__0__2", "1__0__3", "1__1__0", "1__1__1", "1__1__2", "1__1__3", "1__1__4", "1__1__5"]
MISSING = object()
VERSIONS = ["1.1", "1.0", "1.1.5", "1.0.3", "X", "1.9", "", 1.1, 1, None, True, [], {}, MISSING]
# edca's deliberate differences from libcoveocds on a package's version: (declared, what differs).
DELIBERATE = [("", "flagged"), (MISSING, "version used")]


def deliberate(declared, what):
    return any(d is declared or (isinstance(declared, str) and d == declared) for d, w in DELIBERATE if w == what)


def release(ocid, rid, date, **more):
    return {"ocid": ocid, "id": rid, "date": date, "tag": ["tender"], "initiationType": "tender", **more}


def package(version, releases, **more):
    out = {"uri": "http://example.com/p.json", "publisher": {"name": "P"}, "publishedDate": "2024-01-01T00:00:00Z"}
    if version is not MISSING:
        out["version"] = version
    return {**out, **more, "releases": releases}


def run(args, data, *extra):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(data if isinstance(data, str) else json.dumps(data))
    return subprocess.run([args.edca, *extra, f.name], capture_output=True, text=True)


def report(args, data, *extra):
    done = run(args, data, "validate", "--format", "json", "--examples", "100", "--lang", "en", *extra)
    if done.returncode not in (0, 1):
        sys.exit(f"edca validate failed: {done.stderr}")
    return json.loads(done.stdout)


def versions_validate(args, differences):
    compared = 0
    for declared in VERSIONS:
        data = package(declared, [release("ocds-213czf-1", "1", "2024-01-01T00:00:00Z")])
        for chosen in (None, "1.0"):
            schema = SchemaOCDS(select_version=chosen, package_data=data)  # web context: flags, no raise
            extra = ("--ocds-version", chosen) if chosen else ()
            got = report(args, data, *extra)
            flagged = [g for g in got["input"] if g["code"] == "input.package_version"]
            pointers = [e["pointer"] for g in flagged for e in g["examples"]]
            fallback = (got.get("version_fallback") or {}).get("version")
            dump = json.loads(run(args, data, "validate", "--dump-schema", *extra).stdout)
            used = "1.0" if "1.0" in dump["profile"] else "1.1"
            label = f"version {declared if declared is not MISSING else '(missing)'!r}, -s {chosen}"
            compared += 1
            expected_flag = schema.invalid_version_data
            if chosen is None and deliberate(declared, "flagged"):
                expected_flag = True  # deliberate: edca reports "" too
            if bool(flagged) != expected_flag:
                differences.append(f"{label}: libcoveocds invalid_version_data={schema.invalid_version_data}, edca {pointers}")
            if flagged and (pointers != ["/version"] or fallback != schema.version):
                differences.append(f"{label}: edca at {pointers}, fallback {fallback}; libcoveocds uses {schema.version}")
            expected_used = schema.version
            if chosen is None and deliberate(declared, "version used"):
                expected_used = "1.0"  # deliberate: a package without version is 1.0
            if used != expected_used:
                differences.append(f"{label}: validated by {used} ({dump['profile']}), libcoveocds by {schema.version}")
    return compared


def ocdskit_accepts(version):
    ocdskit.util.get_tags = lambda: TAGS
    try:
        ocdskit.util.get_ocds_patch_tag(version)
        return True
    except Exception:  # UnknownVersionError, or AttributeError for values that are no string
        return False


def versions_compile(args, differences):
    compared = 0
    for declared in VERSIONS:
        if declared is MISSING:
            continue  # a missing version is OCDS 1.0 for both
        data = package(declared, [release("ocds-213czf-1", "1", "2024-01-01T00:00:00Z")])
        accepted = ocdskit_accepts(declared)
        done = run(args, data, "compile", "--warnings", "all", "--lang", "en")
        refused = "[compile.package_version]" in done.stderr and "at /version" in done.stderr
        compared += 1
        # ocdskit accepts 1.0.x / 1.1.x patch tags by prefix only for "1.0" and "1.1".
        if refused == accepted or (refused and done.returncode != 1) or (not refused and not done.stdout.strip()):
            differences.append(f"compile version {declared!r}: ocdskit accepts={accepted}, edca refused={refused}")
        forced = run(args, data, "compile", "--ocds-version", "1.1", "--quiet")
        if forced.returncode != 0 or len(forced.stdout.splitlines()) != 1:
            differences.append(f"compile version {declared!r} with --ocds-version 1.1: edca {forced.returncode}")
    return compared


def ocdskit_compile(data, *words):
    text = "\n".join(json.dumps(d) for d in data)
    done = subprocess.run([str(OCDSKIT), "compile", "--schema", str(SCHEMA_1_1), *words], input=text,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"ocdskit compile {words} failed: {done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def edca_compile(args, data, *words):
    done = run(args, "\n".join(json.dumps(d) for d in data), "compile", "--schema", str(SCHEMA_1_1), "--quiet", *words)
    if done.returncode:
        sys.exit(f"edca compile {words} failed: {done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def by_ocid(items):
    return {item["ocid"]: item for item in items}


def package_options(args, differences):
    a = package("1.1", [release("ocds-213czf-2", "1", "2024-01-01T00:00:00Z"),
                        release("ocds-213czf-1", "1", "2024-01-02T00:00:00Z")],
                uri="http://example.com/a.json", license="http://l", extensions=["http://e/1.json"])
    b = package("1.1", [release("ocds-213czf-1", "2", "2024-02-01T00:00:00Z", tender={"id": "t"})],
                uri="http://example.com/b.json", publisher={"name": "Q", "scheme": "S"}, publicationPolicy="http://pp")
    loose = release("ocds-213czf-3", "1", "2024-03-01T00:00:00Z", parties=[{"id": "x", "name": "X"}])
    cases = [
        ["--package"],
        ["--package", "--fake"],
        ["--package", "--fake", "--uri", "http://u", "--published-date", "2020-01-01T00:00:00Z"],
        ["--package", "--publisher-name", "N", "--publisher-uri", "http://pub", "--publisher-scheme", "SC",
         "--publisher-uid", "7", "--version", "1.0"],
        ["--package", "--publisher-uid", "7"],
        ["--package", "--versioned", "--linked-releases", "--publisher-name", "N"],
    ]
    compared = 0
    for words in cases:
        expected, got = ocdskit_compile([a, b, loose], *words), edca_compile(args, [a, b, loose], *words)
        compared += 1
        if len(expected) != 1 or len(got) != 1:
            differences.append(f"{words}: {len(expected)} packages from ocdskit, {len(got)} from edca")
            continue
        e, g = expected[0], got[0]
        if {k: v for k, v in e.items() if k != "records"} != {k: v for k, v in g.items() if k != "records"}:
            differences.append(f"{words}: metadata differs: ocdskit {json.dumps({k: v for k, v in e.items() if k != 'records'})}"
                               f" edca {json.dumps({k: v for k, v in g.items() if k != 'records'})}")
        if list(e) != list(g):
            differences.append(f"{words}: member order differs: {list(e)} vs {list(g)}")
        if by_ocid(e["records"]) != by_ocid(g["records"]):
            differences.append(f"{words}: records differ")
    for words in (["--root-path", "releases.item"], ["--root-path", "releases.item", "--versioned"],
                  ["--root-path", "releases.item", "--package", "--fake"]):
        expected, got = ocdskit_compile([a, b], *words), edca_compile(args, [a, b], *words)
        compared += 1
        if "--package" in words:
            expected, got = expected[0]["records"], got[0]["records"]
        if by_ocid(expected) != by_ocid(got):
            differences.append(f"{words}: outputs differ")
    return compared


def unique_items(args, differences):
    r1 = {"ocid": "ocds-213czf-1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}  # no id
    r2 = release("ocds-213czf-1", "1", "2024-01-01T00:00:00Z")
    inputs = [
        package("1.1", [r1, dict(reversed(list(r1.items())))]),  # equal objects, members in another order
        package("1.1", [r1, {**r1, "date": "2024-01-02T00:00:00Z"}]),  # no ids, all different
        package("1.1", [r2, r2]),  # repeated ocid + id
        package("1.1", [r2, r1, r1, r2]),  # both
        package("1.1", [{**r1, "id": None}, {**r1, "id": None}]),  # null ids are no ids
        package("1.1", [{**r1, "id": 1}, {**r1, "id": 1.0}]),  # numbers by value
        {k: v for k, v in package("1.1", []).items() if k != "releases"}
        | {"records": [{"releases": [r2], "compiledRelease": r2}] * 2},  # records without ocid
        {k: v for k, v in package("1.1", []).items() if k != "releases"}
        | {"records": [{"ocid": "ocds-213czf-1", "releases": [r2]}] * 2},  # repeated ocid
    ]
    dump = json.loads(run(args, inputs[0], "validate", "--dump-schema").stdout)
    for data in inputs:
        expected = libcove_errors(dump, data)
        got = edca_errors(report(args, data), True)
        if expected != got:
            differences.append(f"uniqueItems {json.dumps(data)[:120]}: libcove {sorted(expected - got)}, "
                               f"edca {sorted(got - expected)}")
    return len(inputs)


def ocid_prefixes(args, differences):
    good = release("ocds-213czf-1", "1", "2024-01-01T00:00:00Z")
    bad = release("bad-1", "1", "2024-01-01T00:00:00Z")
    head = {k: v for k, v in package("1.1", []).items() if k != "releases"}
    inputs = [
        head | {"records": [{"ocid": "bad-1", "releases": [bad], "compiledRelease": [bad]}]},
        head | {"records": [{"ocid": "bad-2", "releases": "x", "compiledRelease": "x"}]},
        head | {"records": [{"ocid": "bad-3", "releases": [{"url": "u", "date": "d"}], "compiledRelease": bad}]},
        head | {"records": [{"ocid": "bad-4", "releases": [bad, good]}]},
        head | {"records": [{"ocid": "", "releases": [good], "compiledRelease": good}]},
        package("1.1", [{**bad, "tender": [1], "parties": {"x": 1}, "awards": "none"}, good]),
    ]
    for data in inputs:
        expected = {"/" + path for _, path in get_bad_ocid_prefixes(data)}
        got = report(args, data)
        got = {e["pointer"] for g in got["quality"] if g["code"] == "quality.ocid_prefix" for e in g["examples"]}
        if expected != got:
            differences.append(f"ocid prefixes {json.dumps(data)[:120]}: libcoveocds {sorted(expected)}, edca {sorted(got)}")
    return len(inputs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edca", default=str(ROOT / "target" / "debug" / "edca"))
    args = parser.parse_args()
    differences = []
    counts = {
        "validate versions": versions_validate(args, differences),
        "compile versions": versions_compile(args, differences),
        "compile --package/--root-path": package_options(args, differences),
        "uniqueItems": unique_items(args, differences),
        "ocid prefixes": ocid_prefixes(args, differences),
    }
    print("parity (ocdskit 1.7.0, libcoveocds 0.17.0): "
          + ", ".join(f"{name} {n}" for name, n in counts.items()) + f"; {len(differences)} differences")
    for line in differences[:50]:
        print("  " + line)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
