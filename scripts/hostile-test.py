#!/usr/bin/env python3
"""Hostile and largest-legal requests against a running stack, through its public base URL.

Checks what a client gets (AcoustID JSON errors with the right HTTP status, AcoustID's batch rule)
and measures what each kind of request costs the service that answers it: CPU per request (from
/proc) and peak heap growth (jvm_memory_used_bytes{area="heap"} sampled every 50 ms while the
requests run). With --report FILE the figures replace the "hostile-requests" section of FILE
(docs/benchmarks.md); without it the run is a check (CI) that fails on a wrong answer or on a
cost far past the documented bounds.

Usage: hostile-test.py BASE_URL CLIENT_KEY USER_KEY STATE_DIR [--report FILE] [--repeat N]
with FINGERPRINT_PORT and INGEST_PORT in the environment (scripts/hostile-test.sh sets them).
"""
import gzip
import json
import os
import random
import re
import socket
import struct
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from base64 import urlsafe_b64encode

# the services measured, by name: their ports come from scripts/ports.sh through the environment
SERVICES = {"fingerprint-service": "FINGERPRINT_PORT", "ingest-service": "INGEST_PORT"}
# generous ceilings for the check (the benchmark reports the real figures)
MAX_HEAP_GROWTH_MB = 400
MAX_CPU_MS = 500
SAMPLE_EVERY = 0.05


def compress(items):
    """Chromaprint's compressed fingerprint of algorithm 1 (3-bit gaps, 5-bit exceptions), base64url."""
    normal, exceptions = [], []
    previous = 0
    for item in items:
        delta = (item ^ previous) & 0xFFFFFFFF
        previous = item
        bit, last = 1, 0
        while delta:
            if delta & 1:
                gap = bit - last
                if gap >= 7:
                    normal.append(7)
                    exceptions.append(gap - 7)
                else:
                    normal.append(gap)
                last = bit
            delta >>= 1
            bit += 1
        normal.append(0)
    out = bytearray([1, (len(items) >> 16) & 0xFF, (len(items) >> 8) & 0xFF, len(items) & 0xFF])
    for values, width in ((normal, 3), (exceptions, 5)):
        acc, bits = 0, 0
        for value in values:
            acc |= value << bits
            bits += width
            while bits >= 8:
                out.append(acc & 0xFF)
                acc >>= 8
                bits -= 8
        if bits:
            out.append(acc & 0xFF)
    return urlsafe_b64encode(bytes(out)).decode().rstrip("=")


def noise(count, seed):
    rng = random.Random(seed)
    return [rng.getrandbits(32) for _ in range(count)]


def post(url, fields, encoding=None, raw=None):
    body = raw if raw is not None else urllib.parse.urlencode(fields, doseq=True).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    # the exemption secret exempts the check from the per-IP rate limit (not from any other rule)
    if os.environ.get("SONGPRINT_EXEMPT_SECRET"):
        headers["X-Songprint-Exempt"] = os.environ["SONGPRINT_EXEMPT_SECRET"]
    if encoding:
        headers["Content-Encoding"] = encoding
    request = urllib.request.Request(url, body, headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def raw_get(base, line):
    # A server refusing a request it has not read whole may still reset the connection before the
    # answer is read (a TCP race no server setting removes entirely): try a few times.
    for attempt in range(5):
        try:
            return raw_get_once(base, line)
        except (ConnectionResetError, BrokenPipeError):
            if attempt == 4:
                raise
            time.sleep(0.2)


def raw_get_once(base, line):
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    with socket.create_connection((host, port), timeout=60) as sock:
        secret = os.environ.get("SONGPRINT_EXEMPT_SECRET", "")
        extra = f"X-Songprint-Exempt: {secret}\r\n".encode() if secret else b""
        sock.sendall(line.encode() + b"\r\nHost: localhost\r\n" + extra + b"Connection: close\r\n\r\n")
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def heap_bytes(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/q/metrics", timeout=10) as answer:
        text = answer.read().decode()
    return sum(float(m.group(1)) for m in re.finditer(r'^jvm_memory_used_bytes\{area="heap"[^}]*\} ([0-9.eE+]+)$', text, re.M))


class Cost:
    """CPU ticks and peak heap of one service while a block runs."""

    def __init__(self, state_dir, service):
        with open(os.path.join(state_dir, "run", service + ".pid")) as f:
            self.pid = int(f.read().strip())
        self.port = int(os.environ[SERVICES[service]])
        self.peak = 0.0
        self.running = False

    def _sample(self):
        while self.running:
            try:
                self.peak = max(self.peak, heap_bytes(self.port))
            except OSError:
                pass
            time.sleep(SAMPLE_EVERY)

    def sampler_cpu_rate(self):
        """CPU ms per second the service spends answering the heap sampler alone (subtracted)."""
        ticks = cpu_ticks(self.pid)
        started = time.monotonic()
        self.running = True
        thread = threading.Thread(target=self._sample, daemon=True)
        thread.start()
        time.sleep(2)
        self.running = False
        thread.join()
        return (cpu_ticks(self.pid) - ticks) * 1000.0 / os.sysconf("SC_CLK_TCK") / (time.monotonic() - started)

    def __enter__(self):
        self.idle_rate = self.sampler_cpu_rate()
        self.baseline = heap_bytes(self.port)
        self.peak = self.baseline
        self.ticks = cpu_ticks(self.pid)
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.started
        self.running = False
        self.thread.join()
        self.cpu_ms = max(0.0, (cpu_ticks(self.pid) - self.ticks) * 1000.0 / os.sysconf("SC_CLK_TCK")
                          - self.idle_rate * self.seconds)
        self.growth_mb = (self.peak - self.baseline) / 2**20


def expect(condition, what):
    if not condition:
        raise SystemExit(f"hostile-test: FAILED: {what}")


def error_code(body):
    return json.loads(body)["error"]["code"]


def main():
    args = sys.argv[1:]
    report = None
    repeat = 3
    if "--report" in args:
        report = args[args.index("--report") + 1]
        del args[args.index("--report"):args.index("--report") + 2]
    if "--repeat" in args:
        repeat = int(args[args.index("--repeat") + 1])
        del args[args.index("--repeat"):args.index("--repeat") + 2]
    base, client, user, state_dir = args
    submit, lookup = base + "/v2/submit", base + "/v2/lookup"
    rows = []

    def measure(name, service, send, check):
        with Cost(state_dir, service) as cost:
            for _ in range(repeat):
                status, body = send()
                check(status, body)
        per_request = cost.cpu_ms / repeat
        rows.append((name, service, f"{status}", f"{per_request:.1f}", f"{cost.growth_mb:.0f}"))
        print(f"hostile-test: {name}: HTTP {status}, {per_request:.1f} ms CPU per request, "
              f"peak heap +{cost.growth_mb:.0f} MB", flush=True)
        if report is None:
            expect(cost.growth_mb < MAX_HEAP_GROWTH_MB, f"{name}: heap grew {cost.growth_mb:.0f} MB")
            expect(per_request < MAX_CPU_MS, f"{name}: {per_request:.0f} ms CPU per request")

    mbids = ["%08x-0000-4000-8000-%012x" % (i, i) for i in range(996)]

    # the request: 141 kB, a 100,000-item fingerprint, 996 MBIDs
    long_fp = compress([0x5A5A5A5A] * 100_000)
    fields = {"client": client, "user": user, "fingerprint": long_fp, "duration": 9000, "mbid": mbids}
    measure("submit: 100,000-item fingerprint, 996 MBIDs", "ingest-service", lambda: post(submit, fields),
            lambda s, b: expect(s == 413 and error_code(b) == 19, f"over-long fingerprint: {s} {b[:200]}"))

    # the largest legal submit by the body limit: 60,000 noise items, 10 MBIDs (600,000 stored items)
    legal_fp = compress(noise(60_000, 1))
    fields = {"client": client, "user": user, "fingerprint": legal_fp, "duration": 7400, "mbid": mbids[:10]}
    measure(f"submit: largest legal entry ({len(legal_fp) // 1024} kB of noise items, 10 MBIDs)", "ingest-service",
            lambda: post(submit, fields),
            lambda s, b: expect(s == 200 and len(json.loads(b)["submissions"]) == 10, f"largest legal submit: {s} {b[:200]}"))

    # eleven MBIDs on one entry beside a good one: the bad entry is skipped and named
    fields = {"client": client, "user": user, "fingerprint.0": compress(noise(900, 2)), "duration.0": 120,
              "mbid.0": mbids[:11], "fingerprint.1": compress(noise(900, 3)), "duration.1": 120, "track.1": "t"}

    def skipped(status, body):
        answer = json.loads(body)
        expect(status == 200 and [s["index"] for s in answer["submissions"]] == ["1"]
               and answer["skipped_entries"][0]["index"] == "0" and answer["skipped_entries"][0]["error"]["code"] == 19,
               f"skipped entry: {status} {body[:300]}")
    measure("submit: one entry with 11 MBIDs beside a good one", "ingest-service", lambda: post(submit, fields), skipped)

    # a small gzip body inflating past 1 MiB
    bomb = gzip.compress(b"client=" + client.encode() + b"&fingerprint=" + b"A" * (8 << 20))
    measure(f"submit: gzip bomb ({len(bomb) // 1024} kB inflating to 8 MiB)", "ingest-service",
            lambda: post(submit, None, "gzip", bomb), lambda s, b: expect(s == 413 and error_code(b) == 19, f"gzip bomb: {s}"))

    # lookups: a 1,000,000-item fingerprint (once 270 ms of event-loop CPU), then the largest legal one
    million = compress([0x1234567] * 1_000_000)
    fields = {"client": client, "duration": 30000, "fingerprint": million}
    measure("lookup: 1,000,000-item fingerprint", "fingerprint-service", lambda: post(lookup, fields),
            lambda s, b: expect(s == 413 and error_code(b) == 19, f"million-item lookup: {s} {b[:200]}"))
    fields = {"client": client, "duration": 7400, "fingerprint": legal_fp}
    measure(f"lookup: largest legal fingerprint (60,000 noise items)", "fingerprint-service",
            lambda: post(lookup, fields), lambda s, b: expect(s == 200, f"largest legal lookup: {s} {b[:200]}"))

    # request lines: AcoustID's 8,190 bytes are read; longer ones are JSON errors, from the service or the proxy
    query = f"/v2/lookup?client={client}&duration=120&fingerprint={compress(noise(200, 4))}&pad="
    for length, status in ((8190, 200), (8191, 414), (70_000, 414)):
        line = "GET " + query + "x" * (length - len("GET " + query) - len(" HTTP/1.1")) + " HTTP/1.1"
        got, body = raw_get(base, line)
        expect(got == status, f"request line of {length} bytes: HTTP {got}, expected {status}")
        if status == 414:
            expect(error_code(body) == 19, f"request line of {length} bytes: {body[:200]}")
        print(f"hostile-test: request line of {length} bytes: HTTP {got} {body[:80]!r}", flush=True)

    if report:
        write_report(report, rows, repeat)
    print("hostile-test: every hostile request answered as expected", flush=True)


def write_report(path, rows, repeat):
    table = ["| request | service | HTTP | CPU per request | peak heap growth |", "|---|---|---|---|---|"]
    for name, service, status, cpu, growth in rows:
        table.append(f"| {name} | {service} | {status} | {cpu} ms | +{growth} MB |")
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    section = "\n".join([
        "<!-- hostile-requests:start -->",
        f"Run {when} by `./stack bench hostile` against the running stack through its public base URL; "
        f"each request {repeat} times. CPU from /proc of the answering service; heap: the peak of "
        "`jvm_memory_used_bytes{area=\"heap\"}` sampled every 50 ms while they ran, minus the level before "
        "(young-generation garbage included, so it is an upper bound). Bounds stated in docs/api-compatibility.md; "
        f"the CI check fails past {MAX_CPU_MS} ms or +{MAX_HEAP_GROWTH_MB} MB. Before the bounds (issue 19's "
        "measurements) the first request took ~1.9 GB of ingest-service heap (996 rows of boxed integers) and "
        "the 1,000,000-item lookup 270 ms of CPU on an event loop; a legal 900 kB submit of noise items threw "
        "OutOfMemoryError on the event loop.",
        "",
        *table,
        "<!-- hostile-requests:end -->"])
    text = open(path).read()
    pattern = re.compile(r"<!-- hostile-requests:start -->.*?<!-- hostile-requests:end -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda m: section, text)
    else:
        text = text.rstrip("\n") + "\n\n## Hostile and largest legal requests\n\n" + section + "\n"
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
