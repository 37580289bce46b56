"""Differential test: `edca compile` against `ocdskit compile` (ocdskit 1.7.0, which merges with the
reference implementation ocdsmerge 0.8.0) on every release package and release file of the shared
corpus and on a generated EDCA-MX stream (`edca-generate --packages`: many processes, releases
interleaved across packages), compiled and versioned.

Both sides get the same release schema (OCDS 1.1.5 for packages of version 1.1, 1.0.3 for 1.0 and
for packages without a version), so what is compared is reading, grouping by ocid and merging.
ocdskit orders outputs by ocid, edca by first appearance: outputs are compared per ocid, as parsed
JSON. Record packages are skipped (ocdskit compile does not read them).

Where the two differ on purpose: ocdskit stops at the first release or process it cannot merge
and writes nothing; edca reports it, leaves it out and writes every other process (exit 1). On
such a file each process edca wrote is compared with ocdskit's merge of that process alone, and
every process that ocdskit merges alone must be among them.

usage: python tests/oracle/compare_ocdskit.py [--edca target/debug/edca] [--shared ../shared]
Exits non-zero on any difference.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from ocdskit.combine import merge

from corpus import manifest

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = {
    "1.1": ROOT / "schemas" / "ocds-1.1.5" / "release-schema.json",
    "1.0": ROOT / "schemas" / "ocds-1.0.3" / "release-schema.json",
}


def mergeable(value):
    """The items ocdskit compile reads: release packages and releases (records are skipped)."""
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values:
        if not isinstance(item, dict):
            continue
        if "records" in item:
            continue
        if "releases" in item and "ocid" not in item:
            out.append(item)
        elif "ocid" in item and not isinstance(item.get("releases"), list):
            out.append(item)
    return out


def version_of(items):
    for item in items:
        if "releases" in item:
            version = item.get("version", "1.0")
            return "1.0" if version.startswith("1.0") else "1.1"
    return "1.1"


def edca_outputs(edca, schema, path, versioned, partial=False):
    """edca's outputs and its stderr when it failed; with `partial`, the outputs it wrote even
    when it exited 1 (it left some processes out)."""
    command = [edca, "compile", "--quiet", "--schema", str(schema), str(path)]
    if versioned:
        command.append("--versioned")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 and not (partial and result.returncode == 1):
        return None, result.stderr.strip()
    outputs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return outputs, (result.stderr.strip() or "exit 1") if result.returncode else None


def only(items, ocid):
    """The items restricted to the releases of one ocid that edca keeps: those with a `date`
    (a release without one is reported and left out, where ocdskit stops)."""
    keep = lambda r: isinstance(r, dict) and r.get("ocid") == ocid and "date" in r  # noqa: E731
    out = []
    for item in items:
        if "releases" in item and "ocid" not in item:
            releases = [r for r in item["releases"] if keep(r)]
            if releases:
                out.append({**item, "releases": releases})
        elif keep(item):
            out.append(item)
    return out


def ocids_of(items):
    found = []
    for item in items:
        for release in item["releases"] if "releases" in item and "ocid" not in item else [item]:
            if isinstance(release, dict) and isinstance(release.get("ocid"), str) and release["ocid"] not in found:
                found.append(release["ocid"])
    return found


def compare_alone(items, schema, versioned, got, label, differences):
    """ocdskit refused the file: each process edca wrote must be what ocdskit makes of it alone,
    and each process that ocdskit merges alone must have been written. Returns outputs compared."""
    mine = {r["ocid"]: r for r in got}
    compared = 0
    for ocid in ocids_of(items):
        if not only(items, ocid):
            continue
        try:
            alone = list(merge(only(items, ocid), schema=schema, return_versioned_release=versioned,
                               ignore_version=True))
        except Exception as e:  # the reference refuses this process too: edca must leave it out
            if ocid in mine:
                differences.append(f"{label}: ocid {ocid} written, ocdskit refuses it alone: {type(e).__name__}")
            continue
        compared += 1
        if ocid not in mine:
            differences.append(f"{label}: ocid {ocid} left out, ocdskit merges it alone")
        elif alone != [mine[ocid]]:
            differences.append(f"{label}: ocid {ocid} differs (merged alone)")
    return compared


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edca", default=str(ROOT / "target" / "debug" / "edca"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--generate", default=str(ROOT / "target" / "debug" / "edca-generate"))
    parser.add_argument("--processes", type=int, default=400)
    args = parser.parse_args()
    corpus = manifest(args.shared)
    if corpus is None:
        return 0
    data, rows = corpus
    schemas = {v: json.loads(p.read_text()) for v, p in SCHEMAS.items()}
    compared = files = kept_going = 0
    differences = []
    for row in rows:
        path = data / row["path"]
        items = mergeable(json.loads(path.read_bytes()))
        if not items:
            continue
        files += 1
        version = version_of(items)
        for versioned in (False, True):
            try:
                expected = list(
                    merge(items, schema=schemas[version], return_versioned_release=versioned, ignore_version=True)
                )
                failure = None
            except Exception as e:  # the reference refuses this input
                expected, failure = None, f"{type(e).__name__}: {e}"
            got, error = edca_outputs(args.edca, SCHEMAS[version], path, versioned, partial=expected is None)
            label = f"{row['path']} ({'versioned' if versioned else 'compiled'})"
            if expected is None and got is not None:
                if error is None:
                    differences.append(f"{label}: ocdskit {failure}; edca ok")
                else:  # the deliberate difference: edca went on past what ocdskit refuses
                    kept_going += 1
                    compared += compare_alone(items, schemas[version], versioned, got, label, differences)
                continue
            if expected is None or got is None:
                if (expected is None) != (got is None):
                    differences.append(f"{label}: ocdskit {failure or 'ok'}; edca {error or 'ok'}")
                continue
            by_ocid = {r["ocid"]: r for r in expected}
            mine = {r["ocid"]: r for r in got}
            if by_ocid.keys() != mine.keys():
                differences.append(f"{label}: ocids differ: {sorted(by_ocid.keys() ^ mine.keys())[:5]}")
                continue
            for ocid, release in by_ocid.items():
                compared += 1
                if release != mine[ocid]:
                    differences.append(f"{label}: ocid {ocid} differs")
    generated = Path(tempfile.mkdtemp()) / "generated.jsonl"
    subprocess.run([args.generate, "--seed", "11", "--processes", str(args.processes), "--packages", str(generated)],
                   check=True, capture_output=True)
    packages = [json.loads(line) for line in generated.read_text().splitlines() if line.strip()]
    for versioned in (False, True):
        expected = {r["ocid"]: r for r in merge(packages, schema=schemas["1.1"], return_versioned_release=versioned)}
        got, error = edca_outputs(args.edca, SCHEMAS["1.1"], generated, versioned)
        if got is None:
            differences.append(f"generated: edca failed: {error}")
            continue
        mine = {r["ocid"]: r for r in got}
        if expected.keys() != mine.keys():
            differences.append("generated: ocids differ")
            continue
        for ocid, release in expected.items():
            compared += 1
            if release != mine[ocid]:
                differences.append(f"generated ({'versioned' if versioned else 'compiled'}): ocid {ocid} differs")
    files += 1
    print(f"ocdskit compile vs edca compile: {files} files (one generated), {compared} outputs compared "
          f"({kept_going} runs where ocdskit stops and edca went on, compared process by process), "
          f"{len(differences)} differences")
    for line in differences[:50]:
        print("  " + line)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
