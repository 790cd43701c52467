#!/usr/bin/env python3
"""Splits a `perf` profile of the gateway by stage of the HTTP request pipeline, in CPU per event.

Record and split as for bench/perf-split.py:
    perf script -i perf.data | bench/middleware-split.py <events/s during the recording> <seconds>

Each sample goes to the innermost pipeline stage on its call stack (a middleware's own code and
what it calls, apart from the stages after it, which are deeper on the stack); samples with no
stage on their stack (actors, the journal, the thread pool, the kernel) are counted apart.
"""
import collections
import sys

SAMPLE_HZ = 999.0
# (stage, substrings of a frame that belongs to it); innermost stages first.
STAGES = [
    ("endpoint: POST /streams/{stream} (parse, gate, reply)", ("Cluster.Gateway.Streams.", "Cluster.Gateway.Ingestion.", "Cluster.Gateway.Tracing.")),
    ("endpoint dispatch (EndpointMiddleware)", ("Routing.EndpointMiddleware",)),
    ("static files (DefaultFiles, StaticFiles)", ("StaticFiles.",)),
    ("routing (EndpointRoutingMiddleware)", ("EndpointRoutingMiddleware",)),
    ("rate limiting", ("RateLimiting",)),
    ("API keys (ApiKeyMiddleware)", ("Cluster.Gateway.Security.",)),
    ("append metrics (UseAppendMetrics)", ("Cluster.Gateway.Http.AppendMetrics",)),
    ("status code pages", ("StatusCodePagesMiddleware",)),
    ("exception handler", ("ExceptionHandlerMiddleware",)),
    ("OpenTelemetry instrumentation", ("OpenTelemetry.Instrumentation", "OpenTelemetry.Trace", "ActivitySource")),
    ("hosting and Kestrel (HTTP/1.1 parsing, request lifetime)", ("AspNetCore.Hosting", "Kestrel")),
]


def stage_of(frames):
    for frame in frames:
        for name, keys in STAGES:
            if any(k in frame for k in keys):
                return name
    return None


def main():
    rate, seconds = float(sys.argv[1]), float(sys.argv[2])
    counts, total = collections.Counter(), 0
    frames, in_sample = [], False
    for line in sys.stdin:
        if not line.strip():
            if in_sample:
                counts[stage_of(frames) or "outside the request pipeline (actors, journal, thread pool, kernel)"] += 1
                total += 1
            frames, in_sample = [], False
        elif line[0] in " \t":
            frames.append(line)
        else:
            in_sample = True
    us = lambda n: n / SAMPLE_HZ / seconds / rate * 1e6
    print(f"{total} samples at {rate:.0f} events/s = {us(total):.0f} us of gateway CPU per event")
    for name, _ in STAGES + [("outside the request pipeline (actors, journal, thread pool, kernel)", ())]:
        print(f"  {us(counts[name]):6.1f} us  {name}")


if __name__ == "__main__":
    main()
