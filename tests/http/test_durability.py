#!/usr/bin/env python3
"""Durability and consistency under concurrency, over real HTTP.

Usage: test_durability.py PATH_TO_VIGIL

SIGKILL of the server during concurrent ingest, several rounds on the same
data directory: every event acknowledged with 200 is there after restart,
exactly once and at the seq it was acknowledged with; a batch whose answer
was lost is there whole or not at all (batches are atomic); a batch that
never reached the server is absent; re-sending lost batches with the same
ids is idempotent. Concurrent search while ingesting: cursor pagination in
both orders never repeats or skips an event that existed when it began;
histogram totals never go down.
"""
import collections
import http.client
import json
import threading
import time
import unittest

import harness

THREADS = 4
BATCH = 50
ROUNDS = 5


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}      # id → seq acknowledged
        self.unknown = []    # batches (list of events) whose answer was lost
        self.unsent = []     # batches the server never received (connection refused)
        self.batches = 0
        self.retried = 0     # 503 answers (backpressure), retried

    def ack(self, body):
        with self.lock:
            self.batches += 1
            for e in body["events"]:
                if e["id"] in self.acked:
                    assert self.acked[e["id"]] == e["seq"], (e, self.acked[e["id"]])
                self.acked[e["id"]] = e["seq"]


def post(port, key, events, timeout=30):
    """Returns ("ok", body) | ("unknown", None) | ("unsent", None) | ("status", r)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.connect()
    except (ConnectionRefusedError, ConnectionResetError):
        # Refused, or accepted into the backlog of a server killed before it read
        # anything: no byte of the request was sent.
        return "unsent", None
    try:
        conn.request("POST", "/v1/events", body=json.dumps(events).encode(),
                     headers={**harness.bearer(key), "Content-Type": "application/json"})
        r = conn.getresponse()
        body = r.read()
        if r.status == 200:
            return "ok", json.loads(body)
        return "status", (r.status, body)
    except (OSError, http.client.HTTPException):
        return "unknown", None
    finally:
        conn.close()


def ingest_until(stop, port, key, rec, tag, failures, times=None, pause=0.0):
    """Posts batches until `stop`, `pause` seconds apart; times(n, i) gives an event's
    time (default: none, the receive time)."""
    n = 0
    while not stop.is_set():
        if n and pause:
            time.sleep(pause)
        size = 1 + (n * 37 + len(tag) * 11) % (2 * BATCH)  # 1 … 100 events
        events = [{"id": f"{tag}-b{n}-{i}", "action": "load.event",
                   "description": f"batch {n} event {i}", "metadata": {"batch": n}}
                  for i in range(size)]
        if times:
            for i, e in enumerate(events):
                t = times(n, i)
                if t:
                    e["time"] = t
        n += 1
        outcome, body = post(port, key, events)
        while outcome == "status" and body[0] == 503 and not stop.is_set():
            # Backpressure (storage falling behind): nothing was stored; retry.
            with rec.lock:
                rec.retried += 1
            time.sleep(0.05)
            outcome, body = post(port, key, events)
        if outcome == "ok":
            rec.ack(body)
        elif outcome == "unknown":
            with rec.lock:
                rec.unknown.append(events)
        elif outcome == "unsent":
            with rec.lock:
                rec.unsent.append(events)
            return
        elif outcome == "status" and body[0] == 503:
            with rec.lock:  # stopped while retrying: the answer was a refusal
                rec.unsent.append(events)
            return
        else:
            failures.append(body)
            return


class KillNineTest(unittest.TestCase):
    def test_sigkill_during_concurrent_ingest_loses_nothing_acknowledged(self):
        data = harness.new_data_dir(self, "durability-")
        keys = harness.create_keys(data, {"w": {"scopes": "ingest,read,export", "tenant": "dur"}})
        key = keys["w"]
        server = harness.Server(data, args=["--self-audit=false"])
        self.addCleanup(server.kill)
        rec = Recorder()
        for rnd in range(ROUNDS):
            server.start()
            self.verify(server, key, rec, f"before round {rnd}")
            # Lost batches of the previous rounds, sent again: idempotent.
            for events in rec.unknown:
                outcome, body = post(server.port, key, events)
                self.assertEqual(outcome, "ok", body)
                rec.ack(body)
            rec.unknown, rec.unsent = [], []
            stop, failures = threading.Event(), []
            before = rec.batches
            threads = [threading.Thread(target=ingest_until,
                                        args=(stop, server.port, key, rec, f"r{rnd}t{t}", failures))
                       for t in range(THREADS)]
            for t in threads:
                t.start()
            # Kill mid-stream: once some batches have been acknowledged this round.
            harness.wait_for(lambda: rec.batches - before >= 20 + 10 * rnd, timeout=30,
                             interval=0.01, message="acknowledged batches")
            server.kill()
            stop.set()
            for t in threads:
                t.join(60)
            self.assertEqual(failures, [])
            if harness.VERBOSE:
                print(f"round {rnd}: {rec.batches - before} batches acknowledged, "
                      f"{len(rec.unknown)} answers lost, {len(rec.unsent)} refused", flush=True)
        server.start()
        self.verify(server, key, rec, "at the end")
        for events in rec.unknown:
            outcome, body = post(server.port, key, events)
            self.assertEqual(outcome, "ok", body)
            rec.ack(body)
        self.verify(server, key, rec, "after re-sending lost batches", unknown_must_exist=True)
        self.assertGreater(len(rec.acked), ROUNDS * 20 * 10)
        server.stop()

    def verify(self, server, key, rec, when, unknown_must_exist=False):
        rows = server.export(key)
        counts = collections.Counter(e["id"] for e in rows)
        seq_of = {e["id"]: e["seq"] for e in rows}
        repeated = [i for i, c in counts.items() if c > 1]
        self.assertEqual(repeated, [], f"{when}: stored twice")
        missing = [i for i in rec.acked if i not in counts]
        self.assertEqual(missing, [], f"{when}: acknowledged but lost ({len(missing)})")
        moved = [(i, s, seq_of[i]) for i, s in rec.acked.items() if seq_of[i] != s]
        self.assertEqual(moved, [], f"{when}: seq changed")
        for events in rec.unknown:
            present = sum(e["id"] in counts for e in events)
            self.assertIn(present, (0, len(events)) if not unknown_must_exist else (len(events),),
                          f"{when}: a batch was stored in part ({present} of {len(events)})")
        for events in rec.unsent:
            self.assertFalse(any(e["id"] in counts for e in events), f"{when}: unsent but stored")
        # Seqs are dense and unique.
        seqs = sorted(e["seq"] for e in rows)
        self.assertEqual(len(seqs), len(set(seqs)))


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


class KeysKillNineTest(unittest.TestCase):
    def test_key_changes_survive_sigkill(self):
        # A created or revoked key is acknowledged only once keys.json is durable:
        # a crash right after the answer must not resurrect a revoked key.
        data = harness.new_data_dir(self, "durability-keys-")
        keys = harness.create_keys(data, {"op": {"scopes": "admin,read"}})
        server = harness.Server(data, args=["--self-audit=false"]).start()
        self.addCleanup(server.kill)
        op = keys["op"]
        doomed = server.request("POST", "/v1/keys", key=op,
                                body={"name": "doomed", "scopes": ["read"]}).json()
        kept = server.request("POST", "/v1/keys", key=op,
                              body={"name": "kept", "scopes": ["read"]}).json()
        r = server.request("DELETE", f"/v1/keys/{doomed['key']['id']}", key=op)
        self.assertEqual(r.status, 200, r)
        server.kill()
        server.start()
        self.assertEqual(server.get("/v1/events", key=kept["secret"]).status, 200)
        r = server.get("/v1/events", key=doomed["secret"])
        self.assertEqual(r.status, 401, r)
        self.assertIn("was revoked at", r.error["message"])
        server.stop()


class ConcurrentReadTest(unittest.TestCase):
    def test_search_while_ingesting(self):
        server, keys = harness.start_server(
            self, keys={"w": {"scopes": "ingest,read,export", "tenant": "conc"}},
            prefix="concurrent-")
        key = keys["w"]
        # 1,500 events already there, one every 2 s over the last hour.
        start = harness.now_ms() - 3_600_000
        base = [{"id": f"base-{i}", "action": "load.base", "time": iso(start + i * 2_000 + 1)}
                for i in range(1500)]
        for i in range(0, len(base), 500):
            server.ingest(key, base[i:i + 500])
        # Writers add events now and, half of them, in the middle of the pages being read
        # (even milliseconds: never equal to a base event's time). They pause between
        # batches so that an oldest-first walk, which sees every event added ahead of its
        # cursor, can catch up with them.
        mid = lambda n, i: iso(start + ((n * 7919 + i * 104729) % 3_000_000) // 2 * 2)  # noqa: E731
        stop, failures = threading.Event(), []
        rec = Recorder()
        writers = [threading.Thread(target=ingest_until,
                                    args=(stop, server.port, key, rec, f"w{t}", failures,
                                          (lambda n, i: mid(n, i) if i % 2 else None), 0.02))
                   for t in range(2)]
        for t in writers:
            t.start()
        try:
            harness.wait_for(lambda: rec.batches >= 2, message="ingest to start")
            for order in ["newest", "oldest", "newest", "oldest"]:
                with rec.lock:
                    acked_before = set(rec.acked)
                existing = {e["id"] for e in base} | acked_before
                # `to` bounds the oldest-first walk, which would otherwise chase the writers.
                params = {"q": "action:load.*", "limit": 97, "order": order,
                          "to": iso(harness.now_ms() + 1)}
                seen, cursor, last_time, pages = [], None, None, 0
                while True:
                    if cursor:
                        params["cursor"] = cursor
                    r = server.get("/v1/events", key=key, **params)
                    self.assertEqual(r.status, 200, r)
                    page = r.json()
                    pages += 1
                    self.assertLess(pages, 2000, f"{order}: pagination does not end: {len(seen)} seen, "
                                                f"{len(set(seen))} unique")
                    for e in page["events"]:
                        if last_time is not None:
                            if order == "newest":
                                self.assertLessEqual(e["time"], last_time)
                            else:
                                self.assertGreaterEqual(e["time"], last_time)
                        last_time = e["time"]
                    seen += [e["id"] for e in page["events"]]
                    cursor = page["next_cursor"]
                    if not cursor:
                        break
                dup = [i for i, c in collections.Counter(seen).items() if c > 1]
                self.assertEqual(dup, [], f"{order}: an event on two pages")
                skipped = existing - set(seen)
                self.assertEqual(skipped, set(), f"{order}: skipped {len(skipped)} events")
            totals = [server.get("/v1/histogram", key=key, q="action:load.*").json()["total"]
                      for _ in range(10)]
            self.assertEqual(totals, sorted(totals))
            self.assertGreater(rec.batches, 2)
        finally:
            stop.set()
            for t in writers:
                t.join(60)
        self.assertEqual(failures, [])
        # Everything acknowledged is readable at once (read-your-writes).
        ids = {e["id"] for e in server.export(key, q="action:load.event")}
        self.assertEqual(set(rec.acked) - ids, set())


if __name__ == "__main__":
    harness.main()
