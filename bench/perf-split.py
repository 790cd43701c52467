#!/usr/bin/env python3
"""Splits a `perf` profile of the gateway into CPU per event by part of the write path.

Record (gateway started with DOTNET_PerfMapEnabled=1 so JIT-compiled frames have names):
    perf record -F 999 -g -p <gateway pid> -o perf.data -- sleep 10     # while a bench phase runs
Split:
    perf script -i perf.data | bench/perf-split.py <events/s during the recording> 10

A sample is counted once, under the first rule its call stack matches (order below).
"""
import collections
import sys

SAMPLE_HZ = 999.0
RULES = [
    ("GC", lambda comm, s: "GC" in comm or "gc_heap" in s or "WKS::" in s or "SVR::" in s),
    ("thread pool idle (spinning, parking)", lambda comm, s: "LowLevelLifoSemaphore::Wait" in s),
    ("journal write (statement, SQLite, file writes)", lambda comm, s: any(k in s for k in ("WriteJournalRows", "ExecuteWithTransactionAsync", "JournalBatchWriter", "RowInserter"))),
    ("serialization", lambda comm, s: "Serializ" in s or "Protobuf" in s),
    ("HTTP (Kestrel, endpoint, JSON, sockets)", lambda comm, s: any(k in s for k in ("Kestrel", "AspNetCore", "Cluster.Gateway", "System.Net.Sockets", "epoll"))),
    ("actors (sharding, entity, journal actor, stream stages)", lambda comm, s: "Akka" in s),
    ("JIT", lambda comm, s: "Tiered Com" in comm or "clrjit" in s),
]


def classify(comm, stack):
    for name, matches in RULES:
        if matches(comm, stack):
            return name
    return "other (unresolved frames, scheduler)"


def main():
    rate, seconds = float(sys.argv[1]), float(sys.argv[2])
    counts, total = collections.Counter(), 0
    comm, frames = None, []
    for line in sys.stdin:
        if not line.strip():
            if comm is not None:
                counts[classify(comm, "\n".join(frames))] += 1
                total += 1
            comm, frames = None, []
        elif comm is None and not line[0].isspace():
            comm = line.rsplit(" ", 4)[0].strip()
        else:
            frames.append(line.strip())
    cores = total / SAMPLE_HZ / seconds
    per_event = cores * 1e6 / rate
    print(f"{total} samples: {cores:.2f} cores at {rate:.0f} events/s = {per_event:.0f} us of gateway CPU per event")
    for name, count in counts.most_common():
        print(f"  {count / total * 100:5.1f}%  {per_event * count / total:5.0f} us  {name}")


if __name__ == "__main__":
    main()
