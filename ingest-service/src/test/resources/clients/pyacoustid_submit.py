"""Submits fingerprints with pyacoustid (Debian's python3-acoustid), as Picard-like tools do.

Usage: pyacoustid_submit.py BASE_URL CLIENT_KEY USER_KEY FINGERPRINT DURATION MBID...
Prints the service's answer as pyacoustid received it (gzip-compressed form POST).
"""
import json
import sys

import acoustid

base_url, client_key, user_key, fingerprint, duration = sys.argv[1:6]
mbids = sys.argv[6:]
acoustid.set_base_url(base_url)
acoustid.REQUEST_INTERVAL = 0
entries = [{"fingerprint": fingerprint, "duration": duration, "mbid": mbid, "bitrate": 320, "fileformat": "MP3"}
           for mbid in mbids]
entries.append({"fingerprint": fingerprint, "duration": duration, "track": "Only tags", "artist": "Someone"})
print(json.dumps(acoustid.submit(client_key, user_key, entries)))
