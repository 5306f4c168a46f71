"""Looks audio files up with pyacoustid (Debian's python3-acoustid), as beets and other tools do.

Usage: pyacoustid_match.py BASE_URL CLIENT_KEY FILE...
Prints one JSON line per file: the service's answer as pyacoustid received it.
"""
import json
import sys

import acoustid

base_url, client_key, files = sys.argv[1], sys.argv[2], sys.argv[3:]
acoustid.set_base_url(base_url)
acoustid.REQUEST_INTERVAL = 0
for path in files:
    # match() fingerprints the file itself (libchromaprint or fpcalc) and POSTs a gzip body
    answer = acoustid.match(client_key, path, meta=["recordings"], parse=False, force_fpcalc=True)
    print(json.dumps({"file": path, "answer": answer}))
