"""Times the merge alone in the peers, on input already parsed, one thread: the same measure as
`cargo run --release -p edca --example compile_jsonl` prints for edca.

Reads JSON lines of releases, groups them by ocid in order of first appearance, then merges every
group (compiled, then versioned) with ocdsmerge-rs and with ocdsmerge (the reference, which
ocdskit uses), and prints the best of --repeat runs.

usage: python benches/peers/merge_only.py SCHEMA FILE.jsonl [--repeat 3]
"""

import argparse
import copy
import json
import time

import ocdsmerge
import ocdsmerge_rs


def best(repeat, f):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("schema")
    parser.add_argument("file")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with open(args.schema) as f:
        schema = json.load(f)
    groups = {}
    releases = 0
    with open(args.file) as f:
        for line in f:
            if line.strip():
                release = json.loads(line)
                groups.setdefault(release["ocid"], []).append(release)
                releases += 1
    groups = list(groups.values())
    print(f"{releases} releases, {len(groups)} ocids")

    rs = ocdsmerge_rs.Merger(rules=ocdsmerge_rs.Merger.get_rules(ocdsmerge_rs.Merger.dereference(schema)))
    reference = ocdsmerge.Merger(schema=copy.deepcopy(schema))
    def each(merge):
        # Each output is dropped at once, as edca's example drops its own.
        def run():
            for group in groups:
                merge(group)

        return run

    runs = [
        ("ocdsmerge-rs compile", each(rs.create_compiled_release)),
        ("ocdsmerge-rs versioned", each(rs.create_versioned_release)),
        # ocdsmerge may write into its input (see tests/oracle/compare_merge.py); it does not on
        # well-formed data such as edca-generate's.
        ("ocdsmerge compile", each(reference.create_compiled_release)),
        ("ocdsmerge versioned", each(reference.create_versioned_release)),
    ]
    for name, run in runs:
        seconds = best(args.repeat, run)
        print(f"{name:<26} {seconds:.3f}s {releases / seconds:>10.0f} releases/s {len(groups) / seconds:>8.0f} ocids/s")


if __name__ == "__main__":
    main()
