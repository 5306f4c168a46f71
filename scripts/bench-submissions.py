#!/usr/bin/env python3
"""Submission benchmark phases against a running stack (driven by `./stack bench submit`).

  accepted BASE CLIENT USER COUNT          /v2/submit throughput with batched POSTs (JSON line)
  drain INGEST_DB_ARGS... SINCE COUNT      waits until COUNT submissions after id SINCE are handled;
                                           seconds from the first import to the last (JSON line)
  latency BASE CLIENT USER RATE SECONDS INGEST_DB_ARGS...
                                           submits one new recording at a time at RATE/s and
                                           measures submit -> imported and findable (JSON line)
  report FILE ACCEPTED_JSON DRAIN_JSON TOGETHER_JSON COLD_DRAIN_JSON LATENCY_JSON MACHINE
                                           writes the figures between the submissions markers
"""
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
import uuid

import chromaprint
import requests


def new_fingerprint(rng):
    raw = [rng.getrandbits(32) - (1 << 31) for _ in range(470)]
    encoded = chromaprint.encode_fingerprint(raw, 1)
    return encoded.decode() if isinstance(encoded, bytes) else encoded


# one in LOOKED_UP_EVERY submissions is also looked up by a client, every POLL_SECONDS until found:
# enough to confirm "imported" means "findable" without the polling loading the machine it measures
LOOKED_UP_EVERY = 20
POLL_SECONDS = 0.1


def latency(base, client, user, rate, seconds, psql):
    """Submits at `rate`/s. Every submission's submit -> imported time comes from the server's own
    timestamps (stored, outcome recorded: the importer makes a fingerprint searchable before it
    publishes the outcome); some are also looked up by a polling client (see LOOKED_UP_EVERY).
    A fixed pool of workers with keep-alive connections sends each submission at its due time, so
    the driver offers the rate asked for without a thread or a connection per request."""
    rng = random.Random(time.time())
    fingerprints = [new_fingerprint(rng) for _ in range(int(rate * seconds))]
    ids, observed, failures = [], [], []
    lock = threading.Lock()
    due = queue.Queue()
    sent_last = [0.0]

    def one(s, i, fp, started):
        answer = s.post(base + "/v2/submit", data={
            "client": client, "user": user, "clientversion": "bench", "fingerprint": fp, "duration": "60",
            "mbid": str(uuid.uuid4())}, timeout=30).json()
        assert answer["status"] == "ok", answer
        with lock:
            ids.append(answer["submissions"][0]["id"])
        if i % LOOKED_UP_EVERY:
            return
        while time.time() - started < 30:
            found = s.post(base + "/v2/lookup", data={
                "client": client, "fingerprint": fp, "duration": "60"}, timeout=30).json()
            if found.get("results"):
                with lock:
                    observed.append(time.time() - started)
                return
            time.sleep(POLL_SECONDS)
        with lock:
            failures.append("not findable after 30 s")

    def worker():
        s = requests.Session()
        # the suite's own load tool: exempt from the public API's rate limits
        s.headers["X-Songprint-Exempt"] = os.environ.get("SONGPRINT_EXEMPT_SECRET", "")
        while True:
            job = due.get()
            if job is None:
                return
            i, fp, at = job
            delay = at - time.time()
            if delay > 0:
                time.sleep(delay)
            started = time.time()
            try:
                one(s, i, fp, started)
            except Exception as e:  # counted, reported
                with lock:
                    failures.append(str(e))
            with lock:
                sent_last[0] = max(sent_last[0], started)

    # submissions being polled hold their worker for up to the latency: size the pool for that
    workers = [threading.Thread(target=worker) for _ in range(max(16, int(rate // 2)))]
    for w in workers:
        w.start()
    begin = time.time() + 0.5
    for i, fp in enumerate(fingerprints):
        due.put((i, fp, begin + i / rate))
    for _ in workers:
        due.put(None)
    for w in workers:
        w.join()
    offered = len(fingerprints) / max(0.001, sent_last[0] - begin + 1.0 / rate)
    deadline = time.time() + 60
    rows = []
    while time.time() < deadline:
        out = subprocess.run(psql + ["-c", "SELECT extract(epoch FROM r.created - s.created) FROM submission s "
                                     "JOIN submission_result r ON r.submission_id = s.id WHERE s.id = ANY('{%s}')"
                                     % ",".join(str(i) for i in ids)], capture_output=True, text=True, check=True).stdout
        rows = sorted(float(x) for x in out.split())
        if len(rows) >= len(ids):
            break
        time.sleep(0.5)
    observed.sort()

    def pct(values, p):
        return round(values[min(len(values) - 1, int(len(values) * p))] * 1000) if values else None

    return {"rate": rate, "seconds": seconds, "submitted": len(ids), "imported": len(rows), "failures": len(failures),
            "p50_ms": pct(rows, 0.50), "p95_ms": pct(rows, 0.95), "p99_ms": pct(rows, 0.99),
            "max_ms": round(rows[-1] * 1000) if rows else None, "offered_rate": round(offered, 1),
            "looked_up": len(observed), "lookup_p50_ms": pct(observed, 0.5), "lookup_p99_ms": pct(observed, 0.99)}


def drain(psql, since, count):
    def query(sql):
        return subprocess.run(psql + ["-c", sql], capture_output=True, text=True, check=True).stdout.strip()
    deadline = time.time() + 900
    while time.time() < deadline:
        done = int(query("SELECT count(*) FROM submission WHERE handled AND id > %d" % since))
        if done >= count:
            break
        time.sleep(0.5)
    else:
        raise SystemExit("only %d of %d handled" % (done, count))
    first, last = query("SELECT extract(epoch FROM min(r.created)) || ' ' || extract(epoch FROM max(r.created)) "
                        "FROM submission_result r WHERE r.submission_id > %d" % since).split()
    seconds = float(last) - float(first)
    # after a restart the importer starts cold on the backlog: the second half of the drain shows its
    # rate once the JIT has warmed up
    half = float(query("SELECT extract(epoch FROM created) FROM submission_result WHERE submission_id > %d "
                       "ORDER BY created OFFSET %d LIMIT 1" % (since, count // 2)))
    warm = float(last) - half
    stored = float(query("SELECT extract(epoch FROM min(created)) FROM submission WHERE id > %d" % since))
    return {"imported": count, "seconds": round(seconds, 2), "imported_per_second": round(count / max(seconds, 0.001), 1),
            "warm_imported_per_second": round((count - count // 2) / max(warm, 0.001), 1),
            # from the first submission stored to the last outcome recorded: every stage at once
            "end_to_end_seconds": round(float(last) - stored, 2),
            "end_to_end_per_second": round(count / max(float(last) - stored, 0.001), 1)}


def report(path, accepted, drained, together, cold, lat, machine):
    a, d, t, c, l = json.loads(accepted), json.loads(drained), json.loads(together), json.loads(cold), json.loads(lat)
    lines = [
        "Run %s on %s. `./stack bench submit` against the running stack (all four services, PostgreSQL, Redis, "
        "Kafka and the load driver on the same machine)." % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), machine),
        "Submissions: new random 470-item fingerprints (a fifth of them repeating an earlier one exactly), each with "
        "an MBID and a title; random data never matches other random data, so most imports create a track.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        "| `/v2/submit` accepted (stored durably, batches of 50, 4 client threads; after 10,000 warm-up submissions; "
        "importer paused, the machine idle again first) | %s submissions/s (%d in %.1f s) | ≥ 2,000/s |"
        % ("{:,.0f}".format(a["accepted_per_second"]), a["accepted"], a["seconds"]),
        "| imported (that backlog, published to the `submissions` topic while the importer was paused, drained by "
        "the resumed importer: Kafka → import → outcome recorded) | %s submissions/s (%d in %.1f s) | ≥ 500/s |"
        % ("{:,.0f}".format(d["imported_per_second"]), d["imported"], d["seconds"]),
        "| end to end with every stage at once (%d submitted as fast as accepted, importer running: first stored → "
        "last outcome recorded) | %s submissions/s (%d in %.1f s) | |"
        % (t["imported"], "{:,.0f}".format(t["end_to_end_per_second"]), t["imported"], t["end_to_end_seconds"]),
        "| the same after a restart (fingerprint-service stopped while %d were accepted, then started cold on them) "
        "| %s submissions/s (%d in %.1f s); %s/s over the second half, once its JIT has warmed up | |"
        % (c["imported"], "{:,.0f}".format(c["imported_per_second"]), c["imported"], c["seconds"],
           "{:,.0f}".format(c["warm_imported_per_second"])),
        "| submit → imported and findable at %.0f/s for %d s, after 30 s at that rate unmeasured (one submission per "
        "request; server timestamps, stored → outcome recorded) | p50 %s ms, p95 %s ms, p99 %s ms, max %s ms; %d of %d imported | p99 ≤ 2,000 ms |"
        % (l["offered_rate"], l["seconds"], l["p50_ms"], l["p95_ms"], l["p99_ms"], l["max_ms"], l["imported"], l["submitted"]),
        "| the same seen by a client (one in %d looked up every %d ms from before submitting until found) | "
        "p50 %s ms, p99 %s ms over %d lookups; %d failures | |"
        % (LOOKED_UP_EVERY, POLL_SECONDS * 1000, l["lookup_p50_ms"], l["lookup_p99_ms"], l["looked_up"], l["failures"]),
    ]
    text = open(path).read()
    start, end = "<!-- submissions:start -->", "<!-- submissions:end -->"
    block = start + "\n" + "\n".join(lines) + "\n" + end
    if start in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n## Submissions\n\n" + block + "\n"
    open(path, "w").write(text)
    print("\n".join(lines))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "latency":
        print(json.dumps(latency(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6]), sys.argv[7:])))
    elif cmd == "drain":
        print(json.dumps(drain(sys.argv[2:-2], int(sys.argv[-2]), int(sys.argv[-1]))))
    elif cmd == "report":
        report(*sys.argv[2:9])
    else:
        raise SystemExit(__doc__)
