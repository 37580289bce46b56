"""Differential test of edca's merge against the reference implementation, ocdsmerge 0.8.0.

Every group of releases (same ocid, same file, same OCDS minor version) is compiled and
versioned by ocdsmerge and by edca (the `edca-merge-groups` binary of benches/, fed JSON
lines), and the outputs are compared strictly: same JSON types (1 is not 1.0 is not true),
same member order, same values; errors must be of the same kind, warnings the same ids at the same arrays.

Sources of groups:
  corpus     every .json file under ../shared/data (release packages, record packages, records,
             releases, arrays of them). Releases of a package whose `version` is missing or
             starts with 1.0 are merged with the OCDS 1.0.3 schema, others with 1.1.5.
  generated  realistic EDCA-MX release streams from `edca-generate` (1.1.5 schema).
  packages   record packages built from corpus release packages (several per run) by
             `ocdskit compile --package [--linked-releases] [--versioned]` and by the
             `edca-record-package` binary.
  rules      merge rules derived from the OCDS 1.0.3, 1.1.5 (alone and patched with every
             extension in ../shared/schemas/extensions) and fixture schemas, compared with
             ocdsmerge's `get_merge_rules` (same paths, rules and order).
  random     adversarial release sets (nulls, type changes, duplicate / numeric / boolean /
             float / missing ids, empty containers, equal dates, bad dates) merged with the
             reference's test schema and rule overrides, and with the 1.1.5 schema.

usage:
  python tests/oracle/compare_merge.py [--shared ../shared] [--binary PATH] [--random 3000]
      [--seed 1] [--generated FILE | --processes 2000] [--skip corpus,generated,packages,rules,random]

Needs ocdsmerge==0.8.0 importable (e.g. the venv of benches/compare_compile.py). Exits 1 on
any difference and prints the first ones.
"""

import argparse
import ast
import copy
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import warnings
from collections import Counter, OrderedDict
from pathlib import Path

import ocdsmerge
from ocdsmerge import exceptions as ox

ROOT = Path(__file__).resolve().parents[2]

ERRORS = [
    (ox.MissingDateKeyError, "MissingDate"),
    (ox.NullDateValueError, "NullDate"),
    (ox.NonStringDateValueError, "NonStringDate"),
    (ox.NonObjectReleaseError, "NonObjectRelease"),
    (ox.InconsistentTypeError, "InconsistentType"),
]
WARNING = re.compile(r"Multiple objects have the `id` value (.*) in the `(.*)` array$")


def error_kind(e):
    for cls, name in ERRORS:
        if isinstance(e, cls):
            return name
    if isinstance(e, TypeError) and "unhashable" in str(e):
        return "UnhashableId"
    if isinstance(e, TypeError) and "not subscriptable" in str(e):
        return "NonObjectRelease"  # e.g. a release that is a number: Python's raw TypeError
    return f"Other:{type(e).__name__}:{e}"


def reference_result(merger, text, versioned):
    releases = json.loads(text)  # fresh objects: the reference may write into its input
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            merge = merger.create_versioned_release if versioned else merger.create_compiled_release
            output = merge(releases)
        except Exception as e:  # noqa: BLE001 - every failure is compared by kind
            return {"error": error_kind(e)}
    found = []
    for w in caught:
        if issubclass(w.category, ox.DuplicateIdValueWarning):
            m = WARNING.match(str(w.message))
            found.append((ast.literal_eval(m.group(1)), m.group(2)) if m else ("?", str(w.message)))
    return {"ok": output, "warnings": found}


def dotted(pointer, releases):
    """Rule path (member names, array positions dropped) of a JSON Pointer into one of the releases."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    for release in releases:
        names, node = [], release
        for part in parts:
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                names.append(part)
                node = node[part]
            else:
                break
        else:
            return ".".join(names)
    return "?" + pointer


def edca_result(raw, text):
    if "error" in raw:
        return {"error": raw["error"]}
    releases = [r for r in json.loads(text) if isinstance(r, dict)]
    return {"ok": raw["ok"], "warnings": [(w["id"], dotted(w["pointer"], releases)) for w in raw["warnings"]]}


def strict(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(strict(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strict(x, y) for x, y in zip(a, b))
    return a == b


def same(ref, ours):
    if "error" in ref or "error" in ours:
        return ref.get("error") == ours.get("error")
    return strict(ref["ok"], ours["ok"]) and ref["warnings"] == ours["warnings"]


# --- groups ----------------------------------------------------------------------------------


def minor(package):
    version = package.get("version")
    return "1.0" if version is None or (isinstance(version, str) and version.startswith("1.0")) else "1.1"


def is_linked(release):
    return "url" in release and len(release) <= 3


def releases_in(item, inherited=None):
    """(version, release) pairs of one top-level JSON value."""
    if isinstance(item, list):
        for x in item:
            yield from releases_in(x, inherited)
    elif isinstance(item, dict):
        if "records" in item:
            for record in item["records"] or []:
                if isinstance(record, dict):
                    for r in record.get("releases") or []:
                        if isinstance(r, dict) and not is_linked(r):
                            yield minor(item), r
        elif "releases" in item and "ocid" not in item:
            for r in item["releases"] or []:
                if isinstance(r, dict):
                    yield minor(item), r
        elif "releases" in item and "ocid" in item:  # a record outside a package
            for r in item["releases"] or []:
                if isinstance(r, dict) and not is_linked(r):
                    yield "1.1", r
        elif "ocid" in item:
            yield "1.1", item


def reject_constant(name):
    raise ValueError(f"non-JSON constant {name}")


def corpus_groups(shared):
    data = shared / "data"
    for path in sorted(data.rglob("*.json")):
        try:
            value = json.loads(path.read_text(encoding="utf-8-sig"), parse_constant=reject_constant)
        except (ValueError, UnicodeDecodeError) as e:
            print(f"note: {path.relative_to(shared)} skipped: {e}", file=sys.stderr)
            continue
        groups = OrderedDict()
        for version, release in releases_in(value):
            ocid = release.get("ocid")
            if isinstance(ocid, str):
                groups.setdefault((version, ocid), []).append(release)
        for (version, ocid), releases in groups.items():
            yield f"corpus:{path.relative_to(data)}:{ocid}", version, releases


def generated_groups(path):
    groups = OrderedDict()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                release = json.loads(line)
                groups.setdefault(release["ocid"], []).append(release)
    for ocid, releases in groups.items():
        yield f"generated:{ocid}", "1.1", releases


# --- adversarial release sets ----------------------------------------------------------------

NAMES = ["a", "b", "title", "value", "identifierMerge", "nested", "array", "subarray", "wholeListMergeObject",
         "arrayWithoutObjectId", "mixedArray", "keepWhenMerged", "omitWhenMerged", "noType", "subsubarray",
         "tender", "awards", "items", "parties", "roles", "id", "key", "0", "1", "None"]
IDS = ["1", 1, "2", 2, 3, None, 1.0, True, False, "None", "x", "0", 0, 2.5, -0.0, [1], {"k": 1}, 10**20]


def scalar(rng):
    return rng.choice(["s", "t", "", 0, 1, 1.5, -2, True, False, None, 10**20, 1e-7])


class Shapes:
    """Per release set, the kind of value each member name takes at each depth: mostly kept
    across releases (so that most sets merge), sometimes not (so that some fields change type)."""

    def __init__(self, rng, weird):
        self.rng, self.weird, self.kinds = rng, weird, {}

    def kind(self, name, depth):
        if self.rng.random() < (0.25 if self.weird else 0.03):
            return self.rng.choice("soamlL")
        return self.kinds.setdefault((name, depth), self.rng.choice("sssoamlL"))

    def obj(self, depth):
        out = {}
        if self.rng.random() < 0.7:
            out["id"] = self.rng.choice(IDS if self.weird else IDS[:6])
        for _ in range(self.rng.randint(0, 4)):
            name = self.rng.choice(NAMES)
            out[name] = self.value(name, depth + 1)
        return out

    def value(self, name, depth):
        kind = "s" if depth > 3 else self.kind(name, depth)
        if kind == "s":
            return scalar(self.rng)
        if kind == "o":
            return self.obj(depth)
        if kind == "a":
            return [self.obj(depth) for _ in range(self.rng.randint(0, 4))]
        if kind == "L":  # a long array: many ids, found through a hash map
            ids = IDS if self.weird else self.rng.choice([[str(i) for i in range(20)], list(range(20))])
            return [{"id": self.rng.choice(ids), "a": scalar(self.rng)} for _ in range(self.rng.randint(9, 15))]
        if kind == "l":
            return [scalar(self.rng) for _ in range(self.rng.randint(0, 3))]
        return [scalar(self.rng)] + [self.obj(depth)]  # mixed: a whole value


def release(rng, shapes, ocid, weird):
    r = {"ocid": ocid, "id": str(rng.randint(1, 9)), "date": rng.choice(["2020-01-01", "2020-01-02", "2020-01-03"])}
    if rng.random() < 0.7:
        r["tag"] = [rng.choice(["tender", "award"])]
    for _ in range(rng.randint(0, 6)):
        name = rng.choice(NAMES)
        r[name] = shapes.value(name, 0)
    if weird and rng.random() < 0.03:
        choice = rng.randrange(5)
        if choice == 0:
            del r["date"]
        elif choice == 1:
            r["date"] = None
        elif choice == 2:
            r["date"] = rng.choice([5, 2.5, ["x"]])
        elif choice == 3:
            r["ocid"] = rng.choice([None, 7])
        else:
            return rng.choice([[], "release", 3])
    return r


def random_groups(count, seed):
    rng = random.Random(seed)
    for i in range(count):
        weird = rng.random() < 0.3
        shapes = Shapes(rng, weird)
        releases = [release(rng, shapes, "ocds-x", weird) for _ in range(rng.randint(1, 5))]
        yield f"random:{i}", releases


# --- running -----------------------------------------------------------------------------------


def build_binary(name="edca-merge-groups"):
    """The release binary `name` of edca-benches: from $EDCA_BIN_DIR when the caller built it
    (scripts/test-all does, in its one release build), else built here."""
    prebuilt = Path(os.environ.get("EDCA_BIN_DIR", "")) / name
    if os.environ.get("EDCA_BIN_DIR") and prebuilt.is_file():
        return str(prebuilt)
    command = ["cargo", "build", "--release", "-q", "-p", "edca-benches", "--bin", name,
               "--message-format=json-render-diagnostics"]
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    for line in output.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable") and \
                message["target"]["name"] == name:
            return message["executable"]
    sys.exit(f"could not find the {name} binary")


def package_runs(shared, per_run=4, runs=12):
    """Lists of release-package files of one OCDS minor version, several files per run."""
    by_folder = OrderedDict()
    for path in sorted((shared / "data").rglob("*.json")):
        try:
            value = json.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(value, dict) and isinstance(value.get("releases"), list) and "ocid" not in value and \
                value["releases"] and all(isinstance(r, dict) and isinstance(r.get("ocid"), str)
                                          for r in value["releases"]):
            by_folder.setdefault((path.parent, minor(value)), []).append(path)
    chosen = []
    for (_, version), paths in by_folder.items():
        chosen.append((version, paths[:per_run]))
    step = max(1, len(chosen) // runs)
    return chosen[::step][:runs]


def patched_schema(shared, base):
    """The 1.1.5 release schema patched with every extension in ../shared/schemas/extensions."""
    try:
        import json_merge_patch
    except ImportError:
        print("note: json_merge_patch not installed: extensions not checked", file=sys.stderr)
        return None
    patched = json.loads(base.read_text())
    for extension in sorted((shared / "schemas" / "extensions").glob("*/release-schema.json")):
        patched = json_merge_patch.merge(patched, json.loads(extension.read_text()))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(patched, f)
    return Path(f.name)


def compare_rules(report, shared, binary, schemas):
    from ocdsmerge.rules import get_merge_rules

    paths = {k: v for k, v in schemas.items() if k in ("1.0", "1.1")}
    fixtures = shared / "fixtures" / "ocds-merge"
    paths.update({"1.1.4 (fixtures)": fixtures / "release-schema-1__1__4.json",
                  "1.0.3 (fixtures)": fixtures / "release-schema-1__0__3.json", "test": fixtures / "schema.json"})
    if "1.1+extensions" in schemas:
        paths["1.1.5+extensions"] = schemas["1.1+extensions"]
    names = {"OmitWhenMerged": "omitWhenMerged", "WholeListMerge": "wholeListMerge"}
    for label, path in paths.items():
        ref = [[list(k), v] for k, v in get_merge_rules(json.loads(Path(path).read_text())).items()]
        out = subprocess.run([binary, "--schema", str(path), "--rules"], capture_output=True, text=True, check=True)
        ours = [[p, names[r]] for p, r in json.loads(out.stdout)]
        report.add("rules", f"rules:{label}", "", "rules", {"ok": ref, "warnings": []}, {"ok": ours, "warnings": []},
                   True)


def compare_packages(report, shared, schemas):
    binary = build_binary("edca-record-package")
    ocdskit = str(Path(sys.executable).parent / "ocdskit")
    options = [[], ["--linked-releases"], ["--versioned"], ["--linked-releases", "--versioned"]]
    for version, paths in package_runs(shared):
        for extra in options:
            common = ["--schema", str(schemas[version]), "--uri", "https://example.com/records",
                      "--published-date", "2024-01-01T00:00:00Z", *extra]
            stdin = b"".join(p.read_bytes().rstrip() + b"\n" for p in paths)
            theirs = subprocess.run([ocdskit, "compile", "--package", *common], input=stdin, capture_output=True,
                                    check=False)
            ours = subprocess.run([binary, *common, *map(str, paths)], capture_output=True, check=False)
            label = f"packages:{' + '.join(str(p.relative_to(shared / 'data')) for p in paths)} {' '.join(extra)}"
            ref = {"ok": json.loads(theirs.stdout), "warnings": []} if theirs.returncode == 0 else {"error": "failed"}
            got = {"ok": json.loads(ours.stdout), "warnings": []} if ours.returncode == 0 else {"error": "failed"}
            report.add("packages", label, "", "record package", ref, got, True)


def run_edca(binary, schema, texts, extra=()):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for text in texts:
            f.write(text + "\n")
        name = f.name
    try:
        with open(name, encoding="utf-8") as stdin:
            out = subprocess.run([binary, "--schema", str(schema), *extra], stdin=stdin, capture_output=True,
                                 text=True, check=False)
    finally:
        os.unlink(name)
    if out.returncode != 0:
        sys.exit(f"edca-merge-groups failed: {out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines()]


class Report:
    def __init__(self):
        self.groups = Counter()
        self.compared = Counter()
        self.diffs = Counter()
        self.fallbacks = Counter()
        self.errors = Counter()
        self.examples = []

    def add_known(self, source, is_error, fast):
        """A merge whose answer equals the reference's cached one."""
        self.compared[source] += 1
        self.errors[source] += is_error
        self.fallbacks[source] += not fast

    def add(self, source, label, text, kind, ref, ours, fast):
        self.compared[source] += 1
        if "error" in ref:
            self.errors[source] += 1
        if not fast:
            self.fallbacks[source] += 1
        if not same(ref, ours):
            self.diffs[source] += 1
            if len(self.examples) < 8:
                self.examples.append((label, kind, text, ref, ours))


class ReferenceCache:
    """The reference's answers already computed, as fingerprints, in target/oracle-cache/: the
    reference (pure Python) is the slow side, and its answer for the same input, schema and
    rules never changes. A cached fingerprint that equals edca's answer counts as the same
    answer; any other case runs the reference, so a difference is always shown in full. Delete
    the folder (or pass --no-cache) to recompute every answer."""

    def __init__(self, path):
        self.path = path
        self.known = {}
        self.added = 0
        if path and path.exists():
            try:
                self.known = json.loads(path.read_text())
            except ValueError:
                self.known = {}

    @staticmethod
    def key(context, kind, text):
        return hashlib.sha256(f"{ocdsmerge.__name__}-0.8.0\0{context}\0{kind}\0{text}".encode()).hexdigest()

    @staticmethod
    def fingerprint(result):
        # json.dumps keeps what `same` compares: member order, and 1 vs 1.0 vs true.
        if "error" in result:
            return "error:" + result["error"]
        return hashlib.sha256(json.dumps([result["ok"], result["warnings"]]).encode()).hexdigest()

    def get(self, key):
        return self.known.get(key)

    def put(self, key, result):
        self.known[key] = self.fingerprint(result)
        self.added += 1

    def save(self):
        if self.path and self.added:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.known))


CACHE = ReferenceCache(None)


def compare(report, source, binary, schema_path, merger, labelled, extra=()):
    """labelled: list of (label, text of the JSON array of releases)."""
    if not labelled:
        return
    results = run_edca(binary, schema_path, [t for _, t in labelled], extra)
    if len(results) != len(labelled):
        sys.exit(f"edca-merge-groups answered {len(results)} lines for {len(labelled)} groups")
    report.groups[source] += len(labelled)
    schema_hash = hashlib.sha256(Path(schema_path).read_bytes()).hexdigest()
    context = f"{schema_hash} {' '.join(extra)}"
    for (label, text), raw in zip(labelled, results):
        for n, kind in enumerate(("compiled", "versioned")):
            ours = edca_result(raw[kind], text)
            key = CACHE.key(context, kind, text)
            known = CACHE.get(key)
            if known is not None and known == CACHE.fingerprint(ours):
                report.add_known(source, known.startswith("error:"), raw["fast"][n])
                continue
            ref = reference_result(merger, text, versioned=(kind == "versioned"))
            CACHE.put(key, ref)
            report.add(source, label, text, kind, ref, ours, raw["fast"][n])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--binary", help="the edca-merge-groups binary (built if omitted)")
    parser.add_argument("--random", type=int, default=3000, help="number of adversarial release sets")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generated", help="JSON lines of releases (default: run edca-generate)")
    parser.add_argument("--processes", type=int, default=2000, help="processes for edca-generate")
    parser.add_argument("--skip", default="", help="comma-separated sources to skip")
    parser.add_argument("--cache", default=str(ROOT / "target" / "oracle-cache" / "merge.json"),
                        help="fingerprints of the reference's answers (see ReferenceCache)")
    parser.add_argument("--no-cache", action="store_true", help="run the reference on every merge")
    args = parser.parse_args()
    global CACHE
    CACHE = ReferenceCache(None if args.no_cache else Path(args.cache))
    skip = set(filter(None, args.skip.split(",")))

    shared = Path(args.shared)
    if not shared.is_dir():
        sys.exit(f"{shared} not found")
    binary = args.binary or build_binary()
    schemas = {
        "1.0": shared / "schemas" / "ocds-1.0.3" / "release-schema.json",
        "1.1": shared / "schemas" / "ocds-1.1.5" / "release-schema.json",
    }
    patched = patched_schema(shared, schemas["1.1"])
    if patched:
        schemas["1.1+extensions"] = patched
    mergers = {v: ocdsmerge.Merger(schema=json.loads(p.read_text())) for v, p in schemas.items()}
    report = Report()

    def by_version(source, groups):
        split = {"1.0": [], "1.1": []}
        for label, version, releases in groups:
            split[version].append((label, json.dumps(releases, ensure_ascii=False)))
        for version, labelled in split.items():
            compare(report, source, binary, schemas[version], mergers[version], labelled)
        if "1.1+extensions" in schemas:  # the same groups with the extensions' rules
            compare(report, f"{source} (1.1.5+extensions)", binary, schemas["1.1+extensions"],
                    mergers["1.1+extensions"], split["1.1"])

    if "corpus" not in skip:
        by_version("corpus", corpus_groups(shared))
    if "rules" not in skip:
        compare_rules(report, shared, binary, schemas)
    if "packages" not in skip:
        compare_packages(report, shared, schemas)
    if "generated" not in skip:
        path = args.generated
        if not path:
            path = tempfile.mktemp(suffix=".jsonl")
            subprocess.run([build_binary("edca-generate"), "--seed", str(args.seed),
                            "--processes", str(args.processes), path], cwd=ROOT, check=True)
        by_version("generated", generated_groups(path))
    if "random" not in skip:
        groups = [(label, json.dumps(releases)) for label, releases in random_groups(args.random, args.seed)]
        test_schema_path = shared / "fixtures" / "ocds-merge" / "schema.json"
        test_schema = json.loads(test_schema_path.read_text())
        configs = [
            ("random/test-schema", test_schema_path, {}, ()),
            ("random/test-schema+append", test_schema_path, {("nested", "array"): ocdsmerge.APPEND,
                                                            ("identifierMerge",): ocdsmerge.APPEND},
             ("--strategy", "nested.array=append", "--strategy", "identifierMerge=append")),
            ("random/test-schema+by-position", test_schema_path, {("nested", "array"): ocdsmerge.MERGE_BY_POSITION,
                                                                 ("awards",): ocdsmerge.MERGE_BY_POSITION},
             ("--strategy", "nested.array=by-position", "--strategy", "awards=by-position")),
            ("random/1.1.5", schemas["1.1"], None, ()),
        ]
        for source, schema_path, overrides, extra in configs:
            if overrides is None:
                merger = mergers["1.1"]
            else:
                merger = ocdsmerge.Merger(schema=copy.deepcopy(test_schema), rule_overrides=overrides)
            compare(report, source, binary, schema_path, merger, groups, extra)

    CACHE.save()
    total = sum(report.compared.values())
    print(f"reference answers: {CACHE.added} computed, the others from {args.cache if not args.no_cache else '-'}")
    print(f"{'source':<34}{'groups':>8}{'compared':>10}{'errors':>8}{'fallback':>10}{'diffs':>7}")
    for source in report.compared:
        groups = report.groups[source] or "-"
        print(f"{source:<34}{groups:>8}{report.compared[source]:>10}{report.errors[source]:>8}"
              f"{report.fallbacks[source]:>10}{report.diffs[source]:>7}")
    print(f"{'total':<34}{sum(report.groups.values()):>8}{total:>10}{sum(report.errors.values()):>8}"
          f"{sum(report.fallbacks.values()):>10}{sum(report.diffs.values()):>7}")
    print("(groups: release sets of one ocid; compared: merges, i.e. groups × {compiled, versioned}, or rule "
          "sets, or record packages; errors: merges where the reference raises, compared by kind; fallback: "
          "merges the fast engine handed to the literal model)")
    for label, kind, text, ref, ours in report.examples:
        print(f"\nDIFF {label} {kind}\n input: {text[:2000]}\n   ref: {json.dumps(ref)[:2000]}\n  edca: "
              f"{json.dumps(ours)[:2000]}")
    sys.exit(1 if sum(report.diffs.values()) else 0)


if __name__ == "__main__":
    main()
