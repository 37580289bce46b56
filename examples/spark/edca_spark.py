"""edca inside Apache Spark: compile and score a folder of OCDS releases on a cluster, with the
results `edca compile` and `edca indices` give on one machine.

    spark-submit examples/spark/edca_spark.py INPUT OUTPUT [--config indices.toml] [--partitions N]

INPUT is a folder (a cluster path: hdfs://, s3a://, file://…) of release files: release packages,
releases, arrays or JSON lines of them, gzip or not. OUTPUT receives:

- ``compiled/`` and ``compiled.parquet``: one compiled release per process (JSON lines; Parquet
  with columns ocid, place, release as JSON text), in the order ``edca compile`` writes them;
- ``versioned/`` and ``versioned.parquet``: the versioned releases, likewise;
- ``indices.json``: the report ``edca indices --format json`` gives;
- ``indicators/`` and ``indicators.parquet``: its rows, as ``edca.Indices.table()`` gives them
  (family, level, id, indicator, value as a number — booleans 1 or 0 —, text for words), per
  process, buyer, supplier and dataset;
- ``failed/``: what could not be read or merged (file, pointer, ocid, message), one JSON line
  each; one bad process or file costs only itself.

How: the files are read in the executors (``edca.read``), each release keyed by its ocid and
placed in the dataset (file, then position: the order ``edca`` reads them in); releases are
repartitioned by ocid; each partition compiles its processes and keeps what each contributes to
the indicators (``edca.IndicesPartial``), at its place; the partial indices are combined by a
tree reduction and finished on the driver, where the dataset-wide steps (main currency, quartile
fences, thresholds, shares) run once over everything. See docs/spark.md.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import time
import zlib
from typing import Iterable, Iterator, Optional

import edca
import pyarrow
from pyspark.sql import SparkSession
from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

#: A release's place in the dataset: the file's index in name order, then its position.
FILE_SHIFT = 32

RELEASE_ROWS = StructType(
    [StructField("ocid", StringType()), StructField("place", LongType()), StructField("release", StringType())]
)
INDICATOR_ROWS = StructType(
    [
        StructField("family", StringType()),
        StructField("level", StringType()),
        StructField("id", StringType()),
        StructField("indicator", StringType()),
        StructField("value", DoubleType()),
        StructField("text", StringType()),
    ]
)


def list_files(spark: SparkSession, folder: str) -> list[str]:
    """Every file under ``folder`` (any Hadoop file system), in name order; names starting with
    ``.`` or ``_`` (Spark's own markers) are left out, as Spark's readers do."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(folder)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    found = fs.listFiles(path, True)
    files = []
    while found.hasNext():
        status = found.next()
        if not status.getPath().getName().startswith((".", "_")):
            files.append(status.getPath().toString())
    return sorted(files)


def read_file(index: int, path: str, content: bytes) -> Iterator[tuple[Optional[str], tuple]]:
    """``(ocid, (place, package, text, kind))`` per release or record of one file, and
    ``(None, ("failed", …))`` for what could not be read. ``package`` is None for a value outside
    any package, else the package's ``version`` member as JSON text ("" when it has none): the
    merge rules follow it, as in ``edca compile``."""
    local = path[len("file:"):] if path.startswith("file:") else None
    pending: list[tuple[int, str, str]] = []
    position = 0
    try:
        for kind, value in edca.read(local if local else content, kinds=True, text=True):
            if kind in ("release", "record"):
                pending.append((position, value, kind))
                position += 1
            elif kind == "package":
                members = json.loads(value)
                package = json.dumps(members["version"]) if "version" in members else ""
                yield from placed(index, pending, package)
                pending = []
            elif kind == "skipped":
                yield None, ("failed", json.dumps(dict(value, file=path)))
            elif kind == "other":
                detail = {
                    "code": "spark.not_a_release",
                    "file": path,
                    "message": f"value {position + 1} is neither a release nor a record: left out",
                    "message_es": f"el valor {position + 1} no es una entrega ni un registro: se omite",
                }
                yield None, ("failed", json.dumps(detail, ensure_ascii=False))
    except edca.EdcaError as error:
        for detail in error.errors():
            yield None, ("failed", json.dumps(dict(detail, file=path)))
        return
    yield from placed(index, pending, None)


def placed(index: int, values: list[tuple[int, str, str]], package: Optional[str]) -> Iterator[tuple]:
    for position, text, kind in values:
        ocid = json.loads(text).get("ocid")
        yield (ocid if isinstance(ocid, str) else None), (index << FILE_SHIFT | position, package, text, kind)


def partition_of(ocid: Optional[str]) -> int:
    """A stable hash of the ocid (Python's own is salted per process)."""
    return zlib.crc32((ocid or "").encode("utf-8"))


def compile_partition(rows: Iterable[tuple], config: Optional[str]) -> Iterator[tuple]:
    """Compiles the processes of one partition and scores them at their places: yields
    ``("compiled" | "versioned", ocid, place, text)``, ``("failed", ocid, None, detail)`` and
    one ``("partial", None, None, bytes)``.

    ``edca compile`` merges every release of an ocid (a record's embedded releases too);
    ``edca indices`` reads a compiled or untagged release, and a record's compiled release, as a
    process as it stands, as it comes, and merges the others after reading everything. So a
    process read as it stands scores at its release's place, a merged one after all of those
    (``MERGED`` + its first release's place), and when a partition has both kinds for one
    ocid, the merge it scores leaves the releases read as they stand out.
    """
    releases: list[tuple[int, Optional[str], str, Optional[str], str]] = []
    for ocid, value in rows:
        if value[0] == "failed":
            yield "failed", ocid, None, value[1]
            continue
        place, package, text, kind = value
        releases.append((place, package, text, ocid, kind))
    releases.sort(key=lambda r: r[0])
    partial = edca.IndicesPartial(config)
    # Read as it stands by `edca indices`: a compiled or untagged release, a record with a
    # compiled release.
    stands = [edca.IndicesPartial.is_process(text, record=kind == "record") for _, _, text, _, kind in releases]
    as_is = [r for r, yes in zip(releases, stands) if yes]
    for place, _, text, _, _ in as_is:
        partial.add(text, place=place)
    to_merge = [r for r, yes in zip(releases, stands) if not yes]
    first = first_places(releases)
    if not releases:
        outputs = []
    elif as_is:
        # The compiled and versioned releases of every release, not scored; the indices of the
        # releases to merge alone.
        outputs = partial.compile(as_packages(releases), first, score=False)
        if to_merge:
            partial.compile(as_packages(to_merge), {o: MERGED + p for o, p in first_places(to_merge).items()})
    else:
        outputs = partial.compile(as_packages(releases), {o: MERGED + p for o, p in first.items()})
    for ocid, compiled, versioned in outputs:
        yield "compiled", ocid, first[ocid], compiled
        yield "versioned", ocid, first[ocid], versioned
    for detail in partial.failed:
        yield "failed", detail.get("ocid"), None, json.dumps(detail)
    yield "partial", None, None, partial.to_bytes()


#: Places of merged processes come after every release's own place.
MERGED = 1 << 62


def first_places(releases: list[tuple]) -> dict[str, int]:
    """Each ocid's first place."""
    places: dict[str, int] = {}
    for place, _, _, ocid, _ in releases:
        if ocid is not None and ocid not in places:
            places[ocid] = place
    return places


def as_packages(releases: list[tuple]) -> bytes:
    """Releases and records in place order as JSON lines, runs of one package kind wrapped in one
    package again, so the merge rules (1.0 or 1.1, or a refused version) are those
    ``edca compile`` applies to them."""
    lines = []
    for (package, kind), run in itertools.groupby(releases, key=lambda r: (r[1], r[4])):
        texts = [text for _, _, text, _, _ in run]
        if package is None:
            lines.extend(texts)
        else:
            version = f'"version":{package},' if package else ""
            lines.append("{" + version + f'"{kind}s":[' + ",".join(texts) + "]}")
    return "\n".join(lines).encode("utf-8")


def combine(config: Optional[str], left: bytes, right: bytes) -> bytes:
    """Two partial indices as one (associative and commutative: any reduction tree)."""
    combined = edca.IndicesPartial.from_bytes(left, config)
    combined.combine(edca.IndicesPartial.from_bytes(right, config))
    return combined.to_bytes()


def run(
    spark: SparkSession,
    source: str,
    out: str,
    config: Optional[str] = None,
    partitions: int = 0,
    timings: Optional[dict] = None,
) -> dict:
    """The whole job; returns the indices report. ``config`` is the path of an indices
    configuration (TOML, JSON or Cardinal's INI), read in every executor with the input tables
    it names, as ``edca indices --config`` reads them. ``timings``, if given, receives the
    seconds of each step: ``distributed`` (read, compile, score, write the releases, combine
    the partials), ``finish`` (the report, on the driver) and ``write`` (the report and its
    rows)."""
    timings = {} if timings is None else timings
    started = time.perf_counter()
    sc = spark.sparkContext
    files = list_files(spark, source)
    if not files:
        raise SystemExit(f"no files under {source}")
    index = sc.broadcast({path: n for n, path in enumerate(files)})
    partitions = partitions or max(2, sc.defaultParallelism * 2)
    if all(path.startswith("file:") for path in files):
        # Local files (one machine, or a folder every node mounts): each executor opens its
        # files itself, and edca streams them.
        named = sc.parallelize(list(enumerate(files)), min(partitions, len(files)))
        keyed = named.flatMap(lambda f: read_file(f[0], f[1], b""))
    else:
        # A cluster file system: Spark reads the bytes (Hadoop paths cannot name a file with a
        # colon), edca parses them. The folder and its subfolders.
        sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        content = sc.binaryFiles(source, minPartitions=partitions).filter(lambda f: f[0] in index.value)
        keyed = content.flatMap(lambda f: read_file(index.value[f[0]], f[0], f[1]))
    by_ocid = keyed.partitionBy(partitions, partition_of)
    outputs = by_ocid.mapPartitions(lambda rows: compile_partition(rows, config)).persist()

    for kind in ("compiled", "versioned"):
        rows = outputs.filter(lambda o, kind=kind: o[0] == kind).map(lambda o: (o[1], o[2], o[3]))
        frame = spark.createDataFrame(rows, RELEASE_ROWS).orderBy("place").persist()
        frame.write.mode("overwrite").parquet(f"{out}/{kind}.parquet")
        frame.select("release").write.mode("overwrite").text(f"{out}/{kind}")
        frame.unpersist()
    failed = outputs.filter(lambda o: o[0] == "failed").map(lambda o: o[3])
    spark.createDataFrame(failed.map(lambda d: (d,)), "detail string").write.mode("overwrite").text(f"{out}/failed")

    partials = outputs.filter(lambda o: o[0] == "partial").map(lambda o: o[3])
    partial = partials.treeReduce(functools.partial(combine, config), depth=2)
    timings["distributed"] = time.perf_counter() - started
    started = time.perf_counter()
    indices = edca.IndicesPartial.from_bytes(partial, config).finish()
    report = indices.to_dict()
    timings["finish"] = time.perf_counter() - started
    started = time.perf_counter()
    outputs.unpersist()

    write_file(spark, f"{out}/indices.json", indices.to_json().encode("utf-8"))
    # The rows through Arrow (the binding's table is an Arrow stream): no Python object per row.
    frame = spark.createDataFrame(pyarrow.table(indices.table()), INDICATOR_ROWS)
    frame.write.mode("overwrite").parquet(f"{out}/indicators.parquet")
    frame.write.mode("overwrite").json(f"{out}/indicators")
    timings["write"] = time.perf_counter() - started
    return report


def write_file(spark: SparkSession, path: str, data: bytes) -> None:
    """One file written by the driver: directly on a local path, else through Hadoop's file
    system API (OUTPUT may be a cluster path), in chunks that py4j carries quickly."""
    local = path[len("file:"):] if path.startswith("file:") else (path if "://" not in path else None)
    if local is not None:
        with open(local, "wb") as stream:
            stream.write(data)
        return
    jvm = spark.sparkContext._jvm
    target = jvm.org.apache.hadoop.fs.Path(path)
    stream = target.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).create(target, True)
    try:
        for start in range(0, len(data), 1 << 23):
            stream.write(bytearray(data[start : start + (1 << 23)]))
    finally:
        stream.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="folder of release files (any Hadoop path)")
    parser.add_argument("output", help="folder for the results")
    parser.add_argument("--config", help="indices configuration (TOML, JSON or INI), as for edca indices")
    parser.add_argument("--partitions", type=int, default=0, help="partitions by ocid (default: 2 per core)")
    args = parser.parse_args()
    config = os.path.abspath(args.config) if args.config else None
    spark = SparkSession.builder.appName("edca").getOrCreate()
    try:
        report = run(spark, args.input, args.output, config, args.partitions)
        print(f"{report['meta']['processes']} processes → {args.output}")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
