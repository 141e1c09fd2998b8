"""Vigil: `vigil serve` on a fresh data directory, loaded over HTTP by
vigil-http-load (as bench/http_ingest.sh's `http` run), queried over its HTTP
API with the reference mix of bench/http_load.cc (ReferenceMix)."""

import datetime
import http.client
import json
import os
import re
import subprocess
import time
import urllib.parse

from engine import MS_PER_DAY, Engine, LoadResult, ServerProcess, tree_bytes, wait_until
from event_flattener import epoch_ms


def _enc(s):
    """PercentEncode of http_load.cc: everything but ASCII letters, digits and -_.~"""
    return urllib.parse.quote(s, safe="-_.~")


def _rfc3339(ms):
    dt = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def reference_mix(t, end_ms, days):
    """The GET targets of ReferenceMix (bench/http_load.cc), by query id."""
    tenant = _enc(t["tenant"])
    return {
        "q1": f"/v1/events?q={_enc('actor:' + t['user_email'])}&tenant={tenant}&limit=50",
        "q2": f"/v1/events?q={_enc('action:user.login* status:error time:last-30d')}&limit=50",
        "q3": f"/v1/events?q={_enc(chr(34) + 'renamed' + chr(34))}&tenant={tenant}&limit=50",
        "q4": "/v1/histogram?interval=1d&from={}&to={}".format(
            _enc(_rfc3339(end_ms - days * MS_PER_DAY)), _enc(_rfc3339(end_ms + 1))),
        "q5": "/v1/facets?fields=action&top=10",
        "q6": f"/v1/events?q={_enc('actor:' + t['other_email'])}&limit=50",
        "q7": f"/v1/histogram?q={_enc('ip:' + t['ip'])}&interval=1d",
    }


class VigilEngine(Engine):
    name = "Vigil"

    def __init__(self, work, vigil, load, events, end, connections, targets, days=90):
        self.dir = os.path.join(work, "vigil")
        self.data = os.path.join(self.dir, "data")
        self.vigil = vigil
        self.loader = load
        self.events = events
        self.end = end
        self.connections = connections
        self.mix = reference_mix(targets, epoch_ms(end), days)
        self.server = None
        self.key = None
        self.port = None
        self.conn = None
        self.commands = []
        self.notes = []

    def _serve(self):
        out = os.path.join(self.dir, "server.out")
        argv = [self.vigil, "--data", self.data, "serve", "--listen", "127.0.0.1:0",
                "--rate-ingest", "0", "--rate-read", "0", "--self-audit=false"]
        t0 = time.monotonic()
        self.server = ServerProcess(argv, open(out, "w"), open(os.path.join(self.dir, "server.err"), "a"))
        port = []

        def listening():
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(out).read())
            if m:
                port.append(int(m.group(1)))
            return bool(port)

        wait_until(listening, "vigil serve", timeout=120, proc=self.server)
        self.port = port[0]
        self.conn = None
        return time.monotonic() - t0

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        r = subprocess.run([self.vigil, "--data", self.data, "keys", "create", "--name", "bench",
                            "--scopes", "ingest,read", "--json"], check=True, capture_output=True, text=True)
        self.key = json.loads(r.stdout)["secret"]
        self._serve()
        self.commands.append(" ".join(self.server.argv).replace(self.data, "DIR"))

    def load(self):
        argv = [self.loader, "--port", str(self.port), "--server-pid", str(self.server.pid),
                "-n", str(self.events), "-c", str(self.connections), "--end", self.end]
        self.commands.append("VIGIL_BENCH_KEY=vk_… " + " ".join(argv))
        r = subprocess.run(argv, env=dict(os.environ, VIGIL_BENCH_KEY=self.key), capture_output=True,
                           text=True)
        for line in r.stdout.splitlines():
            if not line.startswith("RESULT"):
                print("  " + line.strip() if line.strip() else "", flush=True)
        if r.returncode != 0:
            raise RuntimeError(f"vigil-http-load failed ({r.returncode}): {r.stderr.strip()}")
        res = dict(kv.split("=", 1) for kv in re.search(r"^RESULT (.*)$", r.stdout, re.M).group(1).split())
        wall = float(res["wall_s"])
        if int(res["events"]) != self.events:
            raise RuntimeError(f"vigil-http-load acknowledged {res['events']} of {self.events} events")
        # Close the store (final flush) before measuring it, then serve again for the queries.
        stop_s = self.server.stop()
        self.bytes = tree_bytes(self.data)
        restart_s = self._serve()
        return LoadResult(self.events, wall, [
            ("HTTP ingest, first request to last 200", f"{wall:.2f} s"),
            ("request latency p50 / p99", f"{res['lat_p50_ms']} / {res['lat_p99_ms']} ms"),
            ("server CPU during ingest", f"{res['server_cpu_s']} s"),
            ("shutdown after the load (final flush)", f"{stop_s:.2f} s, not counted"),
            ("restart to listening", f"{restart_s:.2f} s"),
        ])

    def size(self):
        return self.bytes, "data directory after shutdown (segments, WAL, ledger, indexes)"

    def _get(self, target):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            try:
                self.conn.request("GET", target, headers={"Authorization": "Bearer " + self.key})
                resp = self.conn.getresponse()
                body = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        if resp.status != 200:
            raise RuntimeError(f"GET {target}: {resp.status} {body[:300]!r}")
        return body

    def execute(self, qid, params):
        return self._get(self.mix[qid])

    def normalize(self, qid, raw):
        doc = json.loads(raw)
        if "events" in doc:
            return [(epoch_ms(e["time"]), e["id"]) for e in doc["events"]]
        if "buckets" in doc:
            return [(epoch_ms(b["time"]) // MS_PER_DAY, b["count"], b["errors"])
                    for b in doc["buckets"] if b["count"]]
        return [(v["value"], v["count"]) for v in doc["facets"][0]["values"]]

    def describe(self, qid):
        return "GET " + urllib.parse.unquote(self.mix[qid])

    def stop(self):
        if self.conn is not None:
            self.conn.close()
        if self.server is not None:
            self.server.stop()
