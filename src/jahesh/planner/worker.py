"""Run a solver in a child process that we stop ourselves at the time limit.

Solver libraries overrun their own limits (HiGHS once spent 43 s in presolve), so the parent owns
the clock: the child streams every improving plan as it finds it, and at the deadline the parent
kills the child and keeps the last plan it received. Run as ``python -m jahesh.planner.worker``:
the job arrives pickled on stdin and messages leave as length-prefixed pickles on stdout.
"""

from __future__ import annotations

import os
import pickle
import queue
import resource
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from jahesh.planner.problem import Problem

_HEADER = struct.Struct("!Q")
#: How long to wait for the pipe readers once the child has ended (its pipes close with it).
READER_JOIN_S = 5.0
#: The end of a failed child's error output that is kept.
ERROR_TAIL_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Job:
    problem: Problem
    start: tuple[int, ...]
    start_days: tuple[int, ...]
    time_limit_s: float
    granularity: str = "auto"
    warm: bool = True
    threads: int = 1


@dataclass
class Outcome:
    """What the parent collected from the child."""

    incumbents: list[tuple[list[int], list[int], float]] = field(default_factory=list)
    bounds: list[float] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    killed: bool = False
    peak_rss_mb: float = 0.0
    error: str = ""
    elapsed_s: float = 0.0


def _read_messages(stream: IO[bytes], out: queue.Queue[tuple[str, Any] | None]) -> None:
    try:
        while True:
            head = stream.read(_HEADER.size)
            if len(head) < _HEADER.size:
                break
            (size,) = _HEADER.unpack(head)
            body = stream.read(size)
            if len(body) < size:
                break
            out.put(pickle.loads(body))
    finally:
        out.put(None)


def _record(outcome: Outcome, message: tuple[str, Any]) -> None:
    kind, payload = message
    if kind == "incumbent":
        outcome.incumbents.append(payload)
    elif kind == "bound":
        outcome.bounds.append(float(payload))
    elif kind == "memory":
        outcome.peak_rss_mb = max(outcome.peak_rss_mb, float(payload))
    elif kind in ("done", "built"):
        outcome.stats.update(payload)


def run_job(job: Job, *, deadline_s: float) -> Outcome:
    """Run ``job`` in a child and return what it sent before finishing or ``deadline_s``."""
    began = time.perf_counter()
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    # HiGHS would otherwise use every core of a shared machine.
    env.setdefault("OMP_NUM_THREADS", str(job.threads))
    proc = subprocess.Popen(
        [sys.executable, "-m", "jahesh.planner.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    assert proc.stderr is not None
    messages: queue.Queue[tuple[str, Any] | None] = queue.Queue()
    reader = threading.Thread(target=_read_messages, args=(proc.stdout, messages), daemon=True)
    reader.start()
    errors: list[bytes] = []
    err_reader = threading.Thread(
        target=lambda: errors.append(proc.stderr.read() if proc.stderr else b""), daemon=True
    )
    err_reader.start()
    outcome = Outcome()
    try:
        proc.stdin.write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        proc.stdin.close()
    except BrokenPipeError:
        pass
    while True:
        remaining = deadline_s - (time.perf_counter() - began)
        if remaining <= 0:
            outcome.killed = True
            break
        try:
            message = messages.get(timeout=remaining)
        except queue.Empty:
            outcome.killed = True
            break
        if message is None:
            break
        _record(outcome, message)
    if outcome.killed and proc.poll() is None:
        proc.kill()
    proc.wait()
    reader.join(timeout=READER_JOIN_S)
    err_reader.join(timeout=READER_JOIN_S)
    # Messages that arrived between the deadline and the kill are still good plans.
    while True:
        try:
            message = messages.get_nowait()
        except queue.Empty:
            break
        if message is not None:
            _record(outcome, message)
    if proc.returncode not in (0, None) and not outcome.killed:
        outcome.error = b"".join(errors).decode("utf-8", "replace")[-ERROR_TAIL_CHARS:]
    outcome.elapsed_s = time.perf_counter() - began
    return outcome


def _child() -> int:
    # The solver library prints a banner on fd 1: keep fd 1 for it and talk on a copy.
    channel = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    job = pickle.loads(sys.stdin.buffer.read())
    lock = threading.Lock()

    def send(kind: str, payload: object) -> None:
        body = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
        with lock:
            channel.write(_HEADER.pack(len(body)) + body)
            channel.flush()

    def emit(kind: str, payload: object) -> None:
        send(kind, payload)
        # The parent may kill us at any moment, so the peak goes out with every message.
        send("memory", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    from jahesh.planner import solver
    from jahesh.planner.indexing import Index

    index = Index(job.problem)
    solver.solve_model(
        index,
        list(job.start),
        list(job.start_days),
        time_limit_s=job.time_limit_s,
        emit=emit,
        granularity=job.granularity,
        warm=job.warm,
        threads=job.threads,
    )
    channel.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(_child())
