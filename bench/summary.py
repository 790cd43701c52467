#!/usr/bin/env python3
"""Prints one table from the figures of a bench/write-path.sh run (lines "label.figure value").

Columns: the product on SQLite FULL (the README's default) and NORMAL, NATS JetStream, the floor
(bare Kestrel), the durable floor (bare Kestrel, each body synced to a file before the 201), then
product (FULL) / NATS, product (FULL) / floor and product (FULL) / durable floor. Then PostgreSQL,
the 3-node cluster and its ratio to the single node on PostgreSQL, and the memory bounds.
"""
import sys

figures = {}
for line in open(sys.argv[1]):
    name, value = line.split()
    figures[name] = float(value)


def get(label, figure):
    return figures.get(f"{label}.{figure}")


def fmt(value, unit):
    if value is None:
        return "–"
    if unit == "bound":
        return f"<= {value:g}"
    if unit == "share":
        return f"{value:.2f}"
    return f"{value:,.0f}" if unit == "ev/s" else f"{value:.1f}"


def ratio(a, b):
    return "–" if a is None or b in (None, 0) else f"{a / b:.2f}"


ROWS = [
    ("single events, one POST each", "single.events_per_s", "ev/s"),
    ("  ack p99 (ms)", "single.p99_ms", "ms"),
    ("  journal writer: share of the phase spent committing (/metrics)", "single.writer_busy", "share"),
    ("100 events over 100 streams per request (/ingest; NATS: 100 subjects)", "multibatch.events_per_s", "ev/s"),
    ("  journal writer: share of the phase spent committing", "multibatch.writer_busy", "share"),
    ("  journal writer: commit time a row (µs)", "multibatch.writer_us_per_row", "µs"),
    ("100 events to one stream per request (/ingest)", "ingest_one_stream.events_per_s", "ev/s"),
    ("  journal writer: share of the phase spent committing", "ingest_one_stream.writer_busy", "share"),
    ("  journal writer: commit time a row (µs)", "ingest_one_stream.writer_us_per_row", "µs"),
    ("batches of 100 to one stream (POST /streams)", "batch100.events_per_s", "ev/s"),
    ("one hot stream, single events", None, "ev/s"),
    ("catch-up of one 200,000-event stream: stream pages", "catchup.stream_events_per_s", "ev/s"),
    ("  the same stream as topic pages", "catchup.topic_events_per_s", "ev/s"),
    ("  the same stream over SSE", "catchup.sse_events_per_s", "ev/s"),
    ("publish -> live p50 at 1,000 ev/s (ms)", "live1000.p50_ms", "ms"),
    ("publish -> live p99 at 1,000 ev/s (ms)", "live1000.p99_ms", "ms"),
    ("publish -> live max at 1,000 ev/s (ms)", "live1000.max_ms", "ms"),
    ("  publish -> 201 p99 at 1,000 ev/s (ms; the floors: their only answer)", "live1000.ack_p99_ms", "ms"),
    ("  journal commit p99 at 1,000 ev/s (ms, bucket bound, /metrics)", "live1000.commit_p99_ms", "bound"),
    ("  a write's wait for the commit before it, p99 (ms, bucket bound)", "live1000.commit_wait_p99_ms", "bound"),
    ("publish -> live p50 at 5,000 ev/s (ms)", "live5000.p50_ms", "ms"),
    ("publish -> live p99 at 5,000 ev/s (ms)", "live5000.p99_ms", "ms"),
    ("publish -> live max at 5,000 ev/s (ms)", "live5000.max_ms", "ms"),
    ("  publish -> 201 p99 at 5,000 ev/s (ms; the floors: their only answer)", "live5000.ack_p99_ms", "ms"),
    ("  journal commit p99 at 5,000 ev/s (ms, bucket bound, /metrics)", "live5000.commit_p99_ms", "bound"),
    ("  a write's wait for the commit before it, p99 (ms, bucket bound)", "live5000.commit_wait_p99_ms", "bound"),
]

print("| workload | SQLite FULL (default) | SQLite NORMAL | NATS JetStream | floor (bare Kestrel) | durable floor (+ fsync) "
      "| FULL / NATS | FULL / floor | FULL / durable floor |")
print("|---|---|---|---|---|---|---|---|---|")
for title, figure, unit in ROWS:
    if figure is None:
        full, normal, nats, floor, durable = get("full-hot", "single.events_per_s"), get("normal-hot", "single.events_per_s"), None, None, None
    else:
        full, normal, nats, floor, durable = (get(label, figure) for label in ("full", "normal", "nats", "floor", "dfloor"))
    print(f"| {title} | {fmt(full, unit)} | {fmt(normal, unit)} | {fmt(nats, unit)} | {fmt(floor, unit)} | {fmt(durable, unit)} "
          f"| {ratio(full, nats)} | {ratio(full, floor)} | {ratio(full, durable)} |")

durable, nats = get("dfloor", "single.events_per_s"), get("nats", "single.events_per_s")
if durable is not None and nats is not None:
    print()
    print(f"Single events: the durable floor / NATS JetStream = {ratio(durable, nats)} (NATS acknowledges before its file is synced).")

multi, one = get("full", "multibatch.events_per_s"), get("full", "ingest_one_stream.events_per_s")
if multi is not None and one is not None:
    print(f"/ingest requests of 100 events: over 100 streams / to one stream = {ratio(multi, one)} (FULL).")

print()
print("| workload | PostgreSQL, one node | 3 nodes + gateway (PostgreSQL) | cluster / one node |")
print("|---|---|---|---|")
for title, figure in [("single events", "single.events_per_s"), ("100 events over 100 streams (/ingest)", "multibatch.events_per_s"),
                      ("batches of 100 to one stream", "batch100.events_per_s")]:
    pg, cluster = get("postgres", figure), get("cluster", figure)
    print(f"| {title} | {fmt(pg, 'ev/s')} | {fmt(cluster, 'ev/s')} | {ratio(cluster, pg)} |")

memory = [(k, v) for k, v in figures.items() if k.endswith("peak_rss_mb") or k.endswith("ingest.events_per_s")]
if memory:
    print()
    for name, value in memory:
        print(f"{name}: {value:,.0f}")
