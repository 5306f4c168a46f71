#!/usr/bin/env python3
"""Submits synthetic fingerprints to /v2/submit the way clients batch them, and reports what was accepted.

Every fingerprint is random (seeded), so distinct ones never match each other; a share of the
submissions repeat an earlier fingerprint exactly, which the importer must count on the stored one.
Prints one JSON object: submissions accepted, distinct fingerprints, seconds, accepted per second.

Usage: submit-load.py BASE_URL CLIENT_KEY USER_KEY COUNT [--batch N] [--repeat-every K] [--seed S]
                      [--threads T] [--ids FILE]
"""
import os
import argparse
import concurrent.futures
import json
import random
import sys
import threading
import time
import urllib.parse
import uuid

import chromaprint  # from Debian's python3-acoustid (ctypes over libchromaprint)
import requests


def fingerprints(count, repeat_every, seed):
    rng = random.Random(seed)
    made = []
    for i in range(count):
        if repeat_every and i % repeat_every == repeat_every - 1 and made:
            yield made[rng.randrange(len(made))]
            continue
        raw = [rng.getrandbits(32) - (1 << 31) for _ in range(470)]
        encoded = chromaprint.encode_fingerprint(raw, 1)
        entry = (encoded.decode() if isinstance(encoded, bytes) else encoded, 60, str(uuid.UUID(int=rng.getrandbits(128), version=4)))
        made.append(entry)
        yield entry


_local = threading.local()


def session():
    """One keep-alive session per thread (a requests.Session is not meant to be shared by threads)."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
        # the suite's own load tool: exempt from the public API's rate limits
        _local.session.headers["X-Songprint-Exempt"] = os.environ.get("SONGPRINT_EXEMPT_SECRET", "")
        _local.session.headers["Content-Type"] = "application/x-www-form-urlencoded"
    return _local.session


def post(url, body):
    for attempt in range(20):
        try:
            response = session().post(url, data=body, timeout=30)
            body = response.json()
            if response.status_code == 200 and body.get("status") == "ok":
                return [s["id"] for s in body["submissions"]]
            raise RuntimeError("HTTP %d: %s" % (response.status_code, body))
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.5)  # the proxy or service restarting
    raise RuntimeError("gave up on a batch")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("client")
    parser.add_argument("user")
    parser.add_argument("count", type=int)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--repeat-every", type=int, default=5)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--ids")
    args = parser.parse_args()

    entries = list(fingerprints(args.count, args.repeat_every, args.seed))
    distinct = len({e[0] for e in entries})
    forms = []
    for start in range(0, len(entries), args.batch):
        form = {"client": args.client, "user": args.user, "clientversion": "load-1.0", "format": "json"}
        for n, (fp, duration, mbid) in enumerate(entries[start:start + args.batch]):
            form["fingerprint.%d" % n] = fp
            form["duration.%d" % n] = str(duration)
            form["mbid.%d" % n] = mbid
            form["track.%d" % n] = "Load %d" % (start + n)
        # encoded before the clock starts: the driver's own form encoding is not the service's speed
        forms.append(urllib.parse.urlencode(form).encode("ascii"))

    url = args.base.rstrip("/") + "/v2/submit"
    started = time.time()
    ids = []
    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        futures = [pool.submit(post, url, body) for body in forms]
        for future in futures:
            ids.extend(future.result())
    seconds = time.time() - started
    if args.ids:
        with open(args.ids, "w") as out:
            out.write("\n".join(str(i) for i in ids))
    print(json.dumps({"accepted": len(ids), "distinct_fingerprints": distinct, "seconds": round(seconds, 2),
                      "accepted_per_second": round(len(ids) / seconds, 1)}))
    return 0 if len(ids) == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
