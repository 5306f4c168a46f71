#!/usr/bin/env python3
"""A local stand-in for musicbrainz.org's ws/2 (unreachable from CI machines).

Serves the recorded recording documents in FIXTURE_DIR (<mbid>.json, the shapes of
metadata-service's test fixtures) at /ws/2/recording/<mbid>, and answers anything else as
MusicBrainz does: 404 {"error": "Not Found", ...}, or 400 for a malformed MBID. Counts requests
per path at /_stats. Usage: musicbrainz-stub.py PORT FIXTURE_DIR
"""
import http.server
import json
import os
import re
import sys
import threading

PORT = int(sys.argv[1])
FIXTURES = sys.argv[2]
RECORDING = re.compile(r"^/ws/2/recording/([0-9a-f-]{36})$")
HELP = "For usage, please see: https://musicbrainz.org/development/mmd"
stats = {}
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?", 1)[0]
        with lock:
            stats[path] = stats.get(path, 0) + 1
        if path == "/_stats":
            return self.send(200, stats)
        match = RECORDING.match(path)
        if not match:
            return self.send(400, {"error": "Invalid mbid.", "help": HELP})
        fixture = os.path.join(FIXTURES, match.group(1) + ".json")
        if not os.path.exists(fixture):
            return self.send(404, {"error": "Not Found", "help": HELP})
        with open(fixture, "rb") as f:
            self.send(200, json.load(f))

    def send(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
