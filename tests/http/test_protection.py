#!/usr/bin/env python3
"""Server protection over real HTTP: rate limits, connection limits, slow
clients, graceful shutdown and TLS.

Usage: test_protection.py PATH_TO_VIGIL

Covers: per-key read and ingest rate limits (429 + Retry-After, other keys
unaffected, recovery after Retry-After, nothing stored when refused, health
and metrics never limited); --max-connections (503 + Retry-After for one
more, served again once one closes); slow clients (--header-timeout: a
trickled request head gets 408 and the connection closes, a silent one is
closed; --body-timeout: 408; --write-timeout: an export the client stops
reading is cut off and audited as incomplete); two-phase graceful shutdown (an upload in
flight at SIGTERM still gets 200 and is stored, new connections are refused,
an open live tail ends promptly, exit 0); TLS with a self-signed
certificate made by the openssl command (HTTPS works with that CA, plain
HTTP on the TLS port gets no HTTP answer, an untrusted client refuses it).
"""
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
import unittest

import harness


def read_reply(sock, timeout=10):
    """Everything the server sends until it closes (or the timeout)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def status_of(reply):
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.") else None


class RateLimitTest(unittest.TestCase):
    def test_read_rate_limit(self):
        server, keys = harness.start_server(
            self, keys={"a": {"scopes": "read,export,ingest", "tenant": "acme"},
                        "b": {"scopes": "read", "tenant": "acme"}},
            args=["--rate-read", "0.5", "--rate-read-burst", "3"], prefix="rate-")
        a, b = keys["a"], keys["b"]
        statuses = [server.get("/v1/events", key=a, limit=1).status for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 200])  # the burst
        for path in ["/v1/events", "/v1/histogram", "/v1/facets", "/v1/export",
                     "/v1/events/x", "/v1/stream"]:
            with self.subTest(path=path):
                r = server.get(path, key=a)
                self.assertEqual(r.status, 429, r)
                self.assertEqual(r.error["code"], "rate_limited")
                self.assertIn("rate limit", r.error["message"])
                retry = r.header("Retry-After")
                self.assertIsNotNone(retry)
                self.assertTrue(retry.isdigit() and 1 <= int(retry) <= 2, retry)
        # Another key has its own bucket; unauthenticated routes have none.
        self.assertEqual(server.get("/v1/events", key=b, limit=1).status, 200)
        for _ in range(10):
            self.assertEqual(server.get("/healthz").status, 200)
            self.assertEqual(server.get("/metrics").status, 200)
        # Ingest is counted separately from reads.
        self.assertEqual(server.post_events(a, {"action": "a.b"}).status, 200)
        # After Retry-After the key is served again.
        harness.wait_for(lambda: server.get("/v1/events", key=a, limit=1).status == 200,
                         timeout=10, interval=0.25, message="the read bucket to refill")

    def test_ingest_rate_limit(self):
        server, keys = harness.start_server(
            self, keys={"a": {"scopes": "read,ingest", "tenant": "acme"}},
            args=["--rate-ingest", "0.5", "--rate-ingest-burst", "2", "--self-audit=false"],
            prefix="rate-")
        a = keys["a"]
        for i in range(2):
            self.assertEqual(server.post_events(a, {"id": f"ok-{i}", "action": "a.b"}).status, 200)
        # A big batch counts as one request, and a refused one stores nothing.
        r = server.post_events(a, [{"id": f"refused-{i}", "action": "a.b"} for i in range(100)])
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.error["code"], "rate_limited")
        self.assertTrue(r.header("Retry-After").isdigit())
        self.assertEqual(server.get("/healthz").json()["events"], 2)
        # Reads are not limited by the ingest rate.
        self.assertEqual(server.get("/v1/events", key=a).status, 200)
        harness.wait_for(lambda: server.post_events(a, {"id": "later", "action": "a.b"}).status
                         == 200, timeout=10, interval=0.25, message="the ingest bucket to refill")

    def test_viewer_tokens_have_their_own_bucket(self):
        server, keys = harness.start_server(
            self, keys={"a": {"scopes": "read", "tenant": "acme"}},
            args=["--rate-read", "0.5", "--rate-read-burst", "2"], prefix="rate-")
        a = keys["a"]
        token = server.mint_token(a, tenant="acme")  # 1 of a's 2
        self.assertEqual(server.get("/v1/events", key=a).status, 200)  # 2 of 2
        self.assertEqual(server.get("/v1/events", key=a).status, 429)
        for _ in range(2):
            self.assertEqual(server.get("/v1/events", key=token).status, 200)
        self.assertEqual(server.get("/v1/events", key=token).status, 429)


class ConnectionLimitTest(unittest.TestCase):
    def test_max_connections(self):
        server, keys = harness.start_server(self, args=["--max-connections", "2"],
                                            prefix="conns-")
        held = [server.raw_socket() for _ in range(2)]
        try:
            for s in held:  # make sure both are accepted and being served
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertIn(b"200 OK", s.recv(4096))
            extra = server.raw_socket()
            reply = read_reply(extra)
            extra.close()
            self.assertEqual(status_of(reply), 503, reply)
            self.assertIn(b"Retry-After: 1", reply)
            body = json.loads(reply.split(b"\r\n\r\n", 1)[1])
            self.assertEqual(body["error"]["status"], 503)
            self.assertIn("too many connections", body["error"]["message"])
        finally:
            held[0].close()

        def served():
            try:
                return server.get("/healthz").status == 200
            except OSError:
                return False
        harness.wait_for(served, timeout=10, message="a free connection slot")
        held[1].close()


class SlowClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(
            cls, keys={"a": {"scopes": "ingest,read", "tenant": "acme"}},
            args=["--header-timeout", "1s", "--body-timeout", "1s", "--idle-timeout", "1s"],
            prefix="slow-")

    def test_trickled_head_gets_408(self):
        s = self.server.raw_socket()
        t0 = time.monotonic()
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\n")
            for _ in range(3):  # slowloris: a byte now and then, never the end of the head
                time.sleep(0.2)
                try:
                    s.sendall(b"X")
                except OSError:
                    break
            reply = read_reply(s, timeout=10)
        finally:
            s.close()
        took = time.monotonic() - t0
        self.assertEqual(status_of(reply), 408, reply)
        self.assertIn(b"request head not received within 1000 ms", reply)
        self.assertLess(took, 5)

    def test_silent_connection_is_closed(self):
        s = self.server.raw_socket()
        t0 = time.monotonic()
        try:
            reply = read_reply(s, timeout=10)
        finally:
            s.close()
        self.assertEqual(reply, b"")  # nothing was asked: closed without an answer
        self.assertLess(time.monotonic() - t0, 5)

    def test_slow_body_gets_408(self):
        s = self.server.raw_socket()
        try:
            s.sendall(("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       f"Authorization: Bearer {self.keys['a'].secret}\r\n"
                       "Content-Length: 100\r\n\r\n{\"action\":").encode())
            reply = read_reply(s, timeout=10)
        finally:
            s.close()
        self.assertEqual(status_of(reply), 408, reply)
        self.assertIn(b"request body not received within 1000 ms", reply)

    def test_idle_keep_alive_connection_is_closed(self):
        s = self.server.raw_socket()
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            first = s.recv(4096)
            self.assertIn(b"200 OK", first)
            t0 = time.monotonic()
            rest = read_reply(s, timeout=10)
        finally:
            s.close()
        self.assertEqual(rest, b"")
        self.assertLess(time.monotonic() - t0, 5)

    def test_other_clients_are_served_meanwhile(self):
        slow = [self.server.raw_socket() for _ in range(5)]
        try:
            for s in slow:
                s.sendall(b"GET /healthz HTTP/1.1\r\n")
            t0 = time.monotonic()
            self.assertEqual(self.server.get("/healthz").status, 200)
            self.assertLess(time.monotonic() - t0, 0.9)  # before any slow one timed out
        finally:
            for s in slow:
                s.close()


class WriteTimeoutTest(unittest.TestCase):
    def test_client_that_stops_reading_an_export_is_cut_off(self):
        server, keys = harness.start_server(
            self, keys={"a": {"scopes": "ingest,read,export", "tenant": "acme"}},
            args=["--write-timeout", "1s"], prefix="write-timeout-")
        a = keys["a"]
        for j in range(4):  # ~9 MB of NDJSON: more than the socket buffers hold
            server.ingest(a, [{"id": f"bulk-{j}-{i}", "action": "bulk.load",
                               "description": "x" * 400} for i in range(5000)])
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", server.port))
        try:
            sock.sendall(("GET /v1/export HTTP/1.1\r\nHost: x\r\n"
                          f"Authorization: Bearer {a.secret}\r\nX-Request-Id: stalled-export\r\n"
                          "\r\n").encode())
            time.sleep(2.5)  # read nothing for longer than the write timeout
            self.assertEqual(server.get("/healthz").status, 200)  # others are served
            received, complete = b"", False
            try:
                while True:
                    chunk = sock.recv(1 << 16)
                    if not chunk:
                        break
                    received += chunk
            except ConnectionResetError:
                pass
            complete = received.endswith(b"\r\n0\r\n\r\n")
        finally:
            sock.close()
        self.assertFalse(complete, "the stalled export was not cut off")
        # The export's audit record says it did not complete.
        def record():
            events = server.get("/v1/events", key=a, q="action:audit.export").json()["events"]
            return [e for e in events if e["context"].get("request_id") == "stalled-export"]
        [e] = harness.wait_for(record, message="audit.export of the stalled export")
        self.assertFalse(e["metadata"]["complete"])
        self.assertEqual(e["status"], "error")
        self.assertLess(e["metadata"]["rows"], 20000)


class ShutdownTest(unittest.TestCase):
    def test_upload_in_flight_finishes_and_is_stored(self):
        server, keys = harness.start_server(
            self, keys={"a": {"scopes": "ingest,read", "tenant": "acme"}}, prefix="shutdown-")
        a = keys["a"]
        body = json.dumps([{"id": f"inflight-{i}", "action": "app.create",
                            "description": "d" * 100} for i in range(500)]).encode()
        s = server.raw_socket(timeout=30)
        try:
            s.sendall(("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       f"Authorization: Bearer {a.secret}\r\nContent-Length: {len(body)}\r\n"
                       "Expect: 100-continue\r\n\r\n").encode())
            # "100 Continue": the server has read the head and waits for the body.
            self.assertEqual(s.recv(100), b"HTTP/1.1 100 Continue\r\n\r\n")
            s.sendall(body[:len(body) // 2])
            server.signal(signal.SIGTERM)
            harness.wait_for(lambda: "SIGTERM received" in server.stderr(), timeout=10,
                             message="the server to take the signal")
            # Phase 1: the listener is closed; new connections are refused.
            def refused():
                try:
                    c = socket.create_connection(("127.0.0.1", server.port), timeout=2)
                except OSError:
                    return True
                c.close()
                return False
            harness.wait_for(refused, timeout=5, message="the listener to close")
            s.sendall(body[len(body) // 2:])
            reply = read_reply(s, timeout=20)
        finally:
            s.close()
        self.assertEqual(status_of(reply), 200, reply[:300])
        self.assertIn(b"Connection: close", reply)
        acked = json.loads(reply.split(b"\r\n\r\n", 1)[1])
        self.assertEqual(acked["stored"], 500)
        rc = server.proc.wait(30)
        self.assertEqual(rc, 0, server.stderr())
        self.assertIn("stopped cleanly", server.stderr())
        server.proc = None
        server.start()
        ids = {e["id"] for e in server.search_all(a, "action:app.create")}
        self.assertEqual(ids, {f"inflight-{i}" for i in range(500)})

    def test_open_live_tail_ends_promptly(self):
        # docs/api.md: on SIGTERM "in-flight requests (including ingests)
        # finish, live tails end, then the store flushes and closes". An idle
        # tail must not hold the shutdown until its next keep-alive (15 s).
        # Self-audit off: its records (the tail's own audit.view) would wake the tail.
        server, keys = harness.start_server(
            self, keys={"a": {"scopes": "ingest,read", "tenant": "acme"}},
            args=["--self-audit=false"], prefix="shutdown-")
        st = server.stream(keys["a"])
        st.wait_open()
        time.sleep(0.3)  # idle: waiting for new events
        try:
            took = server.stop()
            st.wait_closed(timeout=5)
        finally:
            st.close()
        self.assertLess(took, 5, f"shutdown with an idle live tail took {took:.1f} s")

    def test_closed_live_tail_does_not_delay_shutdown(self):
        server, keys = harness.start_server(
            self, keys={"a": {"scopes": "ingest,read", "tenant": "acme"}},
            args=["--self-audit=false"], prefix="shutdown-")
        st = server.stream(keys["a"])
        st.wait_open()
        st.close()  # the client went away; the server does not know yet
        time.sleep(0.3)
        took = server.stop()
        self.assertLess(took, 5, f"shutdown after a client left a live tail took {took:.1f} s")


@unittest.skipIf(shutil.which("openssl") is None,
                 "the openssl command is not installed (Debian package openssl)")
class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        d = harness.new_tmp_dir("tls-")
        cls.addClassCleanup(shutil.rmtree, d, True)
        cls.cert = os.path.join(d, "cert.pem")
        cls.key = os.path.join(d, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", cls.key,
                        "-out", cls.cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=60)
        cls.server, cls.keys = harness.start_server(
            cls, keys={"a": {"scopes": "ingest,read,export", "tenant": "acme"}},
            args=["--tls-cert", cls.cert, "--tls-key", cls.key], tls_ca=cls.cert, prefix="tls-")

    def test_https_works_with_the_ca(self):
        s, a = self.server, self.keys["a"]
        self.assertEqual(s.scheme, "https")
        self.assertEqual(s.get("/healthz").status, 200)
        s.ingest(a, [{"id": "tls-1", "action": "app.create"}])
        r = s.get("/v1/events/tls-1", key=a)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["id"], "tls-1")
        self.assertEqual([e["id"] for e in s.export(a)], ["tls-1"])
        st = s.stream(a)
        try:
            st.wait_open()
            s.ingest(a, [{"id": "tls-2", "action": "app.create"}])
            st.wait(lambda x: "tls-2" in x.ids(), message="tls-2 over the TLS live tail")
        finally:
            st.close()
        with s.raw_socket() as tls:
            self.assertIn(tls.version(), ("TLSv1.2", "TLSv1.3"))

    def test_plain_http_to_tls_port_gets_no_http_answer(self):
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            reply = read_reply(s, timeout=10)
        finally:
            s.close()
        self.assertFalse(reply.startswith(b"HTTP/1.1 200"), reply[:100])
        # The server is still fine afterwards.
        self.assertEqual(self.server.get("/healthz").status, 200)

    def test_client_without_the_ca_refuses(self):
        ctx = ssl.create_default_context()  # system CAs only: the self-signed cert is unknown
        raw = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        with self.assertRaises(ssl.SSLCertVerificationError):
            ctx.wrap_socket(raw, server_hostname="127.0.0.1")
        raw.close()

    def test_tls_handshake_bounded_by_header_timeout(self):
        server, _ = harness.start_server(
            self, args=["--tls-cert", self.cert, "--tls-key", self.key, "--header-timeout", "1s"],
            tls_ca=self.cert, prefix="tls-")
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        t0 = time.monotonic()
        try:
            reply = read_reply(s, timeout=10)  # never start the handshake
        finally:
            s.close()
        self.assertEqual(reply, b"")
        self.assertLess(time.monotonic() - t0, 5)


if __name__ == "__main__":
    harness.main()
