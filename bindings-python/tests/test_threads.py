"""Never block other threads, stop on Ctrl-C, survive fork: a second Python thread makes
progress during a long compile; SIGINT stops a long call within a second; a forked child
that runs edca after the parent did gets its answer."""

import multiprocessing
import os
import signal
import threading
import time

import pytest

import edca


def releases(processes, per=5):
    return [
        {"ocid": f"ocds-{p}", "id": f"{p}-{n}", "date": f"2024-01-{n + 1:02d}T00:00:00Z", "tag": ["tender"],
         "tender": {"id": str(p), "title": f"t{n}", "items": [{"id": str(i), "quantity": i} for i in range(8)]}}
        for p in range(processes)
        for n in range(per)
    ]


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    import json

    path = tmp_path_factory.mktemp("big") / "feed.jsonl"
    with open(path, "w") as f:
        for release in releases(10_000):
            f.write(json.dumps(release) + "\n")
    return path


def test_gil_is_released(big_file):
    ticks = 0
    done = threading.Event()

    def count():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    worker = threading.Thread(target=count)
    worker.start()
    started = time.perf_counter()
    before = ticks
    edca.validate(big_file)
    elapsed = time.perf_counter() - started
    done.set()
    worker.join()
    # A thread that could not run while edca worked would count nothing.
    assert elapsed > 0.2 and ticks - before > elapsed * 100, (ticks, elapsed)


def test_keyboard_interrupt_stops_within_a_second(big_file):
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    started = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        for _ in range(100):
            edca.validate(big_file)
    assert time.perf_counter() - started < 1.5


def _child(queue):
    queue.put(len(edca.compile(releases(50))))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_forked_child_has_worker_threads():
    assert len(edca.compile(releases(600))) == 600  # the pool runs in the parent
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(queue,))
    child.start()
    child.join(30)
    assert child.exitcode == 0
    assert queue.get(timeout=1) == 50


def test_iterator_close_stops_the_work(big_file):
    stream = edca.iter_compile(big_file)
    first = next(stream)
    assert first["ocid"] == "ocds-0"
    stream.close()
    with pytest.raises(StopIteration):
        next(stream)
