#!/usr/bin/env python3
"""Bad input over real HTTP: every case gets the right status, the error
shape {"error":{"status","code","message"}} with the status repeated, and a
message that names the problem — and nothing is stored.

Usage: test_errors.py PATH_TO_VIGIL

Covers: malformed JSON (object, array, NDJSON line), wrong types, unknown
fields, server-set fields, invalid UTF-8 (body and query string), oversize
event / body (by Content-Length and chunked) / headers, batches over 10,000
events, Content-Type and Content-Encoding refusals (415), corrupt gzip, zstd
and deflate, decompression bombs (413), bad query syntax, bad cursor, bad
limit / order / from / to / interval / top / fields / format / after_seq /
Last-Event-ID, 404 and 405 routes, 501 methods, bad request lines; every
authentication failure (missing, empty, wrong scheme, malformed, unknown,
revoked key; expired, not yet valid, tampered, forged, over-long viewer
tokens, and tokens of a revoked key) and the 403s for missing scopes; bad
admin request bodies.
"""
import gzip
import json
import os
import shutil
import subprocess
import time
import unittest
import zlib

import harness

MAX_BODY = 1 << 20
MAX_DECODED = 2 << 20
MAX_HEADER = 8192


class ErrorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "a": {"scopes": "ingest,read,export", "tenant": "acme"},
            "ingest_only": {"scopes": "ingest", "tenant": "acme"},
            "read_only": {"scopes": "read", "tenant": "acme"},
        }, args=["--max-body", "1MiB", "--max-decoded-body", "2MiB", "--max-header", "8KiB",
                 "--self-audit=false"], prefix="errors-")
        cls.server.ingest(cls.keys["a"], [{"id": f"seed-{i}", "action": "app.create",
                                           "time": f"2026-11-0{1 + i % 9}T10:00:00Z"}
                                          for i in range(30)])
        cls.initial_events = cls.event_count()

    @classmethod
    def event_count(cls):
        return cls.server.get("/healthz").json()["events"]

    def setUp(self):
        self.s = self.server
        self.a = self.keys["a"]

    def tearDown(self):
        # Nothing any of these requests did may have stored an event.
        self.assertEqual(self.event_count(), self.initial_events, "a rejected request stored")

    def assert_error(self, r, status, code, *fragments):
        self.assertEqual(r.status, status, r)
        self.assertTrue(r.header("Content-Type").startswith("application/json"), r.headers)
        err = r.error
        self.assertEqual(err["status"], status, r)
        self.assertEqual(err["code"], code, r)
        text = err["message"] + "".join(" | " + d["message"] for d in err.get("details", []))
        for f in fragments:
            self.assertIn(f, text, r)
        return err

    def post(self, body, content_type="application/json", key=None, **headers):
        return self.s.post_events(key or self.a, body, content_type=content_type,
                                  headers=headers or None)

    # ------------------------------------------------------------ event bodies

    def test_malformed_json(self):
        self.assert_error(self.post(b'{"action": '), 422, "unprocessable_entity",
                          "events[0]", "malformed JSON")
        self.assert_error(self.post(b'[{"action": "a.b"}, {"action": '), 400, "bad_request",
                          "body:", "malformed JSON array")
        self.assert_error(self.post(b'[{"action": "a.b"}'), 400, "bad_request", "not closed")
        self.assert_error(self.post(b'[{"action": "a.b"}] x'), 400, "bad_request",
                          "unexpected text after the array")
        self.assert_error(self.post(b'"just a string"'), 400, "bad_request",
                          "expected a JSON object or an array")
        self.assert_error(self.post(b'[]'), 400, "bad_request", "holds no events")
        self.assert_error(self.post(b'  '), 400, "bad_request", "body: empty")
        err = self.assert_error(
            self.post(b'{"action":"a.b","id":"nd-1"}\n{"action":\n{"action":"c.d"}\n',
                      "application/x-ndjson"), 422, "unprocessable_entity", "line 2",
            "malformed JSON")
        self.assertEqual([d["index"] for d in err["details"]], [1])
        self.assertEqual(self.s.get("/v1/events/nd-1", key=self.a).status, 404)

    def test_wrong_types(self):
        cases = [
            ({"action": 5}, "events[0].action: expected a string, got a number"),
            ({"action": "a.b", "time": 1795305600}, "events[0].time: expected a string"),
            ({"action": "a.b", "actor": "ada"}, "events[0].actor: expected an object"),
            ({"action": "a.b", "metadata": [1]}, "events[0].metadata: expected an object"),
            ({"action": "a.b", "context": {"duration_ms": "fast"}},
             "events[0].context.duration_ms"),
            ({"action": "a.b", "status": "ok"}, "events[0].status"),
            ({"action": "a..b"}, "events[0].action"),
        ]
        for body, fragment in cases:
            with self.subTest(body=body):
                self.assert_error(self.post(body), 422, "unprocessable_entity", fragment)

    def test_unknown_and_server_fields(self):
        self.assert_error(self.post({"action": "a.b", "colour": "red"}), 422,
                          "unprocessable_entity", "events[0].colour: unknown field")
        self.assert_error(self.post({"action": "a.b", "actor": {"id": "u", "shoe": 1}}), 422,
                          "unprocessable_entity", "events[0].actor.shoe")
        self.assert_error(self.post({"action": "a.b", "Action": "x"}), 422,
                          "unprocessable_entity", "Action")
        for field in ["seq", "received_at"]:
            with self.subTest(field=field):
                self.assert_error(self.post({"action": "a.b", field: 4 if field == "seq" else
                                             "2026-11-01T00:00:00Z"}),
                                  422, "unprocessable_entity", f"events[0].{field}",
                                  "set by the server")

    def test_missing_required_fields(self):
        self.assert_error(self.post({"tenant": "acme"}), 422, "unprocessable_entity",
                          "events[0].action")
        # An operator key has no default tenant.
        self.assert_error(self.post({"action": "a.b"}, key=self.keys["op"]), 422,
                          "unprocessable_entity", "events[0].tenant")

    def test_batch_is_atomic_and_lists_every_bad_event(self):
        batch = [{"id": f"atomic-{i}", "action": "app.create"} for i in range(6)]
        batch[2]["action"] = 7
        batch[5]["colour"] = "red"
        err = self.assert_error(self.post(batch), 422, "unprocessable_entity",
                                "2 of the batch's events are invalid; nothing was stored",
                                "events[2].action", "events[5].colour")
        self.assertEqual([d["index"] for d in err["details"]], [2, 5])
        for i in range(6):
            self.assertEqual(self.s.get(f"/v1/events/atomic-{i}", key=self.a).status, 404)

    def test_invalid_utf8(self):
        self.assert_error(self.post(b'{"action":"a.b","description":"bad \xff\xfe byte"}'), 422,
                          "unprocessable_entity", "events[0]", "invalid UTF-8 at byte 35")
        self.assert_error(self.post(b'{"action":"a.b"}\n{"action":"a.b","description":"\xc3"}\n',
                                    "application/x-ndjson"), 422, "unprocessable_entity",
                          "line 2", "invalid UTF-8")
        # Overlong encoding and a UTF-16 surrogate encoded in UTF-8.
        self.assert_error(self.post(b'{"action":"a.b","description":"\xc0\xaf"}'), 422,
                          "unprocessable_entity", "invalid UTF-8")
        self.assert_error(self.post(b'{"action":"a.b","description":"\xed\xa0\x80"}'), 422,
                          "unprocessable_entity", "invalid UTF-8")
        # In the query string: percent-decoded bytes that are not UTF-8.
        r = self.s.request("GET", "/v1/events?q=%FF%FE", key=self.a)
        self.assert_error(r, 400, "bad_request", "q: invalid UTF-8 at 0")

    def test_oversize_event(self):
        self.assert_error(self.post({"action": "a.b", "description": "x" * 16385}), 422,
                          "unprocessable_entity", "events[0].description", "16384")
        self.assert_error(
            self.post({"action": "a.b", "metadata": {"blob": "y" * 70000}}), 422,
            "unprocessable_entity", "events[0]", "the limit is 65536")

    def test_oversize_body(self):
        # Exactly max_body bytes is accepted (one event padded with spaces) …
        event = b'[{"action":"a.b","id":"limit-exact"}'
        body = event + b" " * (MAX_BODY - len(event) - 1) + b"]"
        self.assertEqual(len(body), MAX_BODY)
        r = self.post(body)
        self.assertEqual(r.status, 200, r)
        type(self).initial_events += 1
        # … one byte more is 413, by Content-Length …
        r = self.post(body + b" ")
        self.assert_error(r, 413, "payload_too_large", "larger than 1048576 bytes")
        # … and when chunked (no Content-Length), as the bytes arrive.
        sock = self.s.raw_socket()
        try:
            head = ("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    f"Authorization: Bearer {self.a.secret}\r\nTransfer-Encoding: chunked\r\n\r\n")
            sock.sendall(head.encode())
            payload = b'{"action":"a.b","description":"' + b"z" * (MAX_BODY + 10) + b'"}'
            try:
                for i in range(0, len(payload), 65536):
                    part = payload[i:i + 65536]
                    sock.sendall(b"%x\r\n" % len(part) + part + b"\r\n")
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server may stop reading once it has answered
            reply = read_http_response(sock)
        finally:
            sock.close()
        self.assertEqual(reply[0], 413, reply)
        self.assertEqual(json.loads(reply[2])["error"]["code"], "payload_too_large")

    def test_oversize_body_announced_with_expect_100_continue(self):
        # The client waits before sending the body: 413 at once, no 100 Continue.
        sock = self.s.raw_socket()
        try:
            sock.sendall(("POST /v1/events HTTP/1.1\r\nHost: x\r\n"
                          "Content-Type: application/json\r\n"
                          f"Authorization: Bearer {self.a.secret}\r\n"
                          f"Content-Length: {MAX_BODY + 1}\r\nExpect: 100-continue\r\n\r\n"
                          ).encode())
            status, headers, body = read_http_response(sock)
        finally:
            sock.close()
        self.assertEqual(status, 413)
        self.assertEqual(json.loads(body)["error"]["code"], "payload_too_large")

    def test_batch_over_10000_events(self):
        r = self.post(b"[" + b",".join([b'{"action":"a"}'] * 10001) + b"]")
        self.assert_error(r, 400, "bad_request", "more than 10000 events in one batch")
        r = self.post(b'{"action":"a"}\n' * 10001, "application/x-ndjson")
        self.assert_error(r, 400, "bad_request", "more than 10000 events in one batch")

    def test_oversize_headers(self):
        r = self.s.get("/v1/events", key=self.a, headers={"X-Padding": "p" * MAX_HEADER})
        self.assert_error(r, 431, "headers_too_large", "request head is larger than 8192 bytes")
        # A long query string counts too.
        r = self.s.get("/v1/events", key=self.a, q="x" * MAX_HEADER)
        self.assertEqual(r.status, 431, r)

    def test_content_type(self):
        cases = [
            (None, "Content-Type is required"),
            ("text/plain", "unsupported Content-Type 'text/plain'"),
            ("application/x-www-form-urlencoded", "unsupported Content-Type"),
            ("multipart/form-data; boundary=x", "unsupported Content-Type"),
            ("application/json; charset=latin1", "unsupported charset 'latin1'"),
        ]
        for ctype, fragment in cases:
            with self.subTest(content_type=ctype):
                r = self.s.request("POST", "/v1/events", body=b'{"action":"a.b"}', key=self.a,
                                   content_type=ctype)
                err = self.assert_error(r, 415, "unsupported_media_type", fragment)
                if "charset" not in fragment:  # lists what is accepted
                    self.assertIn("application/json", err["message"])
                    self.assertIn("application/x-ndjson", err["message"])
        # Accepted: parameters, any case, charset=utf-8.
        for ctype in ["application/json; charset=UTF-8", "Application/JSON",
                      "application/jsonl", "application/ndjson"]:
            with self.subTest(content_type=ctype):
                r = self.s.request("POST", "/v1/events", body=b'{"action":"a.b","colour":1}',
                                   key=self.a, content_type=ctype)
                self.assertEqual(r.status, 422, r)  # got past the media type check

    def test_content_encoding(self):
        body = b'{"action":"a.b"}'
        self.assert_error(self.post(body, **{"Content-Encoding": "br"}), 415,
                          "unsupported_media_type", "unsupported Content-Encoding 'br'",
                          "gzip", "zstd")
        self.assert_error(self.post(gzip.compress(body), **{"Content-Encoding": "gzip, zstd"}),
                          415, "unsupported_media_type", "several codings")
        self.assert_error(self.post(b"garbage", **{"Content-Encoding": "gzip"}), 400,
                          "bad_request", "gzip:", "not gzip data")
        self.assert_error(self.post(gzip.compress(body)[:-6], **{"Content-Encoding": "gzip"}),
                          400, "bad_request", "gzip:", "truncated")
        corrupt = bytearray(gzip.compress(body * 50))
        corrupt[15] ^= 0xFF
        r = self.post(bytes(corrupt), **{"Content-Encoding": "gzip"})
        self.assert_error(r, 400, "bad_request", "gzip:")
        self.assert_error(self.post(b"\x78\x9c garbage", **{"Content-Encoding": "deflate"}), 400,
                          "bad_request", "deflate")
        self.assert_error(self.post(b"\x28\xb5\x2f\xfd garbage", **{"Content-Encoding": "zstd"}),
                          400, "bad_request", "zstd")

    def test_gzip_bomb(self):
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        bomb = b"".join(c.compress(b"\0" * (1 << 20)) for _ in range(256)) + c.flush()
        self.assertLess(len(bomb), MAX_BODY)  # small on the wire: only decoding reveals it
        r = self.post(bomb, **{"Content-Encoding": "gzip"})
        self.assert_error(r, 413, "payload_too_large",
                          "decompressed body is larger than 2097152 bytes")

    def test_zstd_bomb(self):
        if shutil.which("zstd") is None:
            self.skipTest("the zstd command is not installed (Debian package zstd)")
        bomb = subprocess.run(["zstd", "-19", "-c", "-q"], input=b"\0" * (64 << 20),
                              capture_output=True, check=True).stdout
        r = self.post(bomb, **{"Content-Encoding": "zstd"})
        self.assert_error(r, 413, "payload_too_large", "decompressed body is larger than")
        # A frame that needs a window over 8 MiB (--long) is refused as well.
        big = subprocess.run(["zstd", "--long=27", "-c", "-q"],
                             input=b'{"action":"a.b"}\n' + b" " * (20 << 20),
                             capture_output=True, check=True).stdout
        r = self.post(big, "application/x-ndjson", **{"Content-Encoding": "zstd"})
        self.assertEqual(r.status, 413, r)

    # ------------------------------------------------------------ read parameters

    def test_bad_query_syntax(self):
        # Messages as docs/query-language.md §7 documents them, prefixed "q: ".
        cases = {
            "actor:ada OR b )": "unexpected ')' at 15",
            "(a b": "unclosed '(' at 0",
            '"abc': "unclosed '\"' at 0",
            "acter:ada": "unknown field 'acter' at 0 (did you mean 'actor'?)",
            "actor:": "missing value for 'actor' at 6",
            "status:ok": "bad status 'ok' at 7: must be success or error",
            "ip:10.0.0.0/33": "bad CIDR '10.0.0.0/33' at 3: prefix length over 32",
            "time:lastweek": "bad time 'lastweek' at 5: unknown time preset 'lastweek'",
        }
        for path in ["/v1/events", "/v1/histogram", "/v1/facets", "/v1/export", "/v1/stream"]:
            for q, message in cases.items():
                with self.subTest(path=path, q=q):
                    r = self.s.get(path, key=self.a, q=q)
                    err = self.assert_error(r, 400, "bad_request")
                    self.assertTrue(err["message"].startswith("q: " + message), err)

    def test_bad_cursor(self):
        r = self.s.get("/v1/events", key=self.a, cursor="garbage!")
        self.assert_error(r, 400, "bad_request", "cursor:")
        r = self.s.get("/v1/events", key=self.a, cursor="djE6")  # base64 of "v1:"
        self.assert_error(r, 400, "bad_request", "cursor:")
        page = self.s.get("/v1/events", key=self.a, limit=5).json()
        self.assertTrue(page["next_cursor"])
        r = self.s.get("/v1/events", key=self.a, limit=5, order="oldest",
                       cursor=page["next_cursor"])
        self.assert_error(r, 400, "bad_request", "cursor:", "sort order")

    def test_bad_parameters(self):
        a = self.a
        cases = [
            ("/v1/events", {"limit": "0"}, "limit: must be a number from 1 to 1000, got '0'"),
            ("/v1/events", {"limit": "1001"}, "limit: must be a number from 1 to 1000"),
            ("/v1/events", {"limit": "-1"}, "limit:"),
            ("/v1/events", {"limit": "ten"}, "limit:"),
            ("/v1/events", {"order": "sideways"}, "order: must be newest or oldest"),
            ("/v1/events", {"from": "yesterday"}, "from:"),
            ("/v1/events", {"to": "2026-13-01"}, "to:"),
            ("/v1/events", {"from": "2026-11-02", "to": "2026-11-01"},
             "to: must be later than from"),
            ("/v1/events", {"from": "2026-11-02", "to": "2026-11-02"},
             "to: must be later than from"),
            ("/v1/histogram", {"interval": "5x"},
             "interval: expected auto or a number with a unit"),
            ("/v1/histogram", {"interval": "0m"}, "interval:"),
            ("/v1/histogram", {"interval": "m"}, "interval:"),
            ("/v1/histogram", {"interval": "1s", "from": "2020-01-01", "to": "2026-01-01"},
             "interval:"),
            ("/v1/histogram", {"from": "nope"}, "from:"),
            ("/v1/facets", {"top": "x"}, "top: expected a number"),
            ("/v1/facets", {"top": "0"}, "top:"),
            ("/v1/facets", {"fields": "description"},
             "fields: cannot count values of 'description'"),
            ("/v1/facets", {"fields": "nosuchfield"}, "fields:"),
            ("/v1/facets", {"fields": ",".join(["action"] * 21)}, "fields: at most 20"),
            ("/v1/export", {"format": "xml"}, "format: must be csv or ndjson, got 'xml'"),
            ("/v1/export", {"to": "later"}, "to:"),
            ("/v1/stream", {"after_seq": "x"}, "after_seq: expected an event seq"),
            ("/v1/stream", {"after_seq": "-5"}, "after_seq:"),
        ]
        for path, params, fragment in cases:
            with self.subTest(path=path, params=params):
                self.assert_error(self.s.get(path, key=a, **params), 400, "bad_request", fragment)
        r = self.s.get("/v1/stream", key=a, headers={"Last-Event-ID": "zz"})
        self.assert_error(r, 400, "bad_request", "Last-Event-ID:")

    # ------------------------------------------------------------ routes and framing

    def test_unknown_route(self):
        # "/" is the web UI (test_ui.py); other paths outside /v1 are still the API's 404.
        for path in ["/v1/nope", "/v2/events", "/nope", "/v1/events/a/b", "/v1/keys/"]:
            with self.subTest(path=path):
                r = self.s.get(path, key=self.a)
                self.assert_error(r, 404, "not_found", "no such endpoint", path)

    METHOD_CASES = [("PUT", "/v1/events", {"GET", "POST"}),
                    ("DELETE", "/v1/events", {"GET", "POST"}),
                    ("POST", "/v1/histogram", {"GET"}),
                    ("GET", "/v1/viewer-tokens", {"POST"}),
                    ("PATCH", "/v1/keys/key_x", {"DELETE"}),
                    ("POST", "/healthz", {"GET"})]

    def test_method_not_allowed(self):
        for method, path, _ in self.METHOD_CASES:
            with self.subTest(method=method, path=path):
                r = self.s.request(method, path, key=self.a)
                self.assert_error(r, 405, "method_not_allowed",
                                  f"method {method} is not allowed on {path}")

    def test_method_not_allowed_lists_allowed_methods(self):
        # RFC 9110 §15.5.6: "The origin server MUST generate an Allow header
        # field in a 405 response containing a list of the target resource's
        # currently supported methods."
        for method, path, allowed in self.METHOD_CASES:
            with self.subTest(method=method, path=path):
                r = self.s.request(method, path, key=self.a)
                self.assertEqual(r.status, 405)
                allow = r.header("Allow")
                self.assertIsNotNone(allow, f"405 for {method} {path} without an Allow header")
                self.assertEqual({m.strip() for m in allow.split(",")} - {"HEAD"}, allowed)

    def test_unimplemented_method_and_bad_request_lines(self):
        r = self.s.request("BREW", "/v1/events", key=self.a)
        self.assert_error(r, 501, "not_implemented", "BREW")
        for raw, fragment in [(b"GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n", b"version"),
                              (b"GET /v1/events?q=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                               b"percent-encoding"),
                              (b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                               b"Transfer-Encoding: gzip\r\n\r\n",
                               b"chunked"),
                              (b"GARBAGE\r\n\r\n", b"malformed request")]:
            with self.subTest(raw=raw):
                sock = self.s.raw_socket()
                try:
                    sock.sendall(raw)
                    status, headers, body = read_http_response(sock)
                finally:
                    sock.close()
                self.assertEqual(status, 400, body)
                self.assertIn(fragment, body)
                self.assertEqual(json.loads(body)["error"]["status"], 400)

    # ------------------------------------------------------------ authentication

    def assert_401(self, r, fragment, secret=None):
        err = self.assert_error(r, 401, "unauthenticated", fragment)
        self.assertTrue(r.header("WWW-Authenticate", ).startswith("Bearer"), r.headers)
        if secret:
            self.assertNotIn(secret, r.body.decode(), "the error repeats the credential")
        return err

    def test_missing_or_bad_api_key(self):
        s = self.s
        for path in ["/v1/events", "/v1/histogram", "/v1/facets", "/v1/export", "/v1/stream",
                     "/v1/events/seed-1", "/v1/keys"]:
            with self.subTest(path=path):
                self.assert_401(s.get(path), "missing Authorization header")
        self.assert_401(s.post_events(None, {"action": "a.b"}), "missing Authorization header")
        self.assert_401(s.get("/v1/events", headers={"Authorization": ""}),
                        "Authorization header is empty")
        self.assert_401(s.get("/v1/events", headers={"Authorization": "Basic dXNlcjpwdw=="}),
                        "not a Bearer token")
        self.assert_401(s.get("/v1/events", headers={"Authorization": self.a.secret}),
                        "not a Bearer token", self.a.secret)
        self.assert_401(s.get("/v1/events", key="xyz"), "unrecognized bearer token")
        truncated = self.a.secret[:-1]
        self.assert_401(s.get("/v1/events", key=truncated), "malformed API key", truncated)
        self.assert_401(s.get("/v1/events", key=truncated), "got 45 bytes")
        unknown = "vk_" + "A" * 43
        self.assert_401(s.get("/v1/events", key=unknown), "unknown API key", unknown)
        # The scheme is case-insensitive.
        r = s.get("/v1/events", headers={"Authorization": "bearer " + self.a.secret})
        self.assertEqual(r.status, 200, r)

    def test_revoked_key_and_its_tokens(self):
        s, op = self.s, self.keys["op"]
        made = s.request("POST", "/v1/keys", key=op,
                         body={"name": "doomed", "scopes": ["read"], "tenant": "acme"}).json()
        secret, kid = made["secret"], made["key"]["id"]
        token = s.mint_token(secret, tenant="acme")
        self.assertEqual(s.get("/v1/events", key=secret).status, 200)
        self.assertEqual(s.get("/v1/events", key=token).status, 200)
        r = s.request("DELETE", f"/v1/keys/{kid}", key=op)
        self.assertEqual(r.status, 200, r)
        err = self.assert_401(s.get("/v1/events", key=secret), f"API key {kid} was revoked at",
                              secret)
        self.assertRegex(err["message"], r"revoked at \d{4}-\d\d-\d\dT")
        self.assert_401(s.get("/v1/events", key=token),
                        f"viewer token was minted by API key {kid}, which was revoked at", token)
        # Revoking again is idempotent (still revoked, still 200).
        self.assertEqual(s.request("DELETE", f"/v1/keys/{kid}", key=op).status, 200)

    def viewer_secret(self):
        self.s.mint_token(self.a, tenant="acme")  # makes sure the secret exists
        return harness.token_secret(self.s.data)

    def test_expired_token(self):
        # A real one-second token, waited out …
        token = self.s.mint_token(self.a, tenant="acme", ttl_seconds=1)
        exp = harness.token_claims(token)["exp"]
        self.assertEqual(self.s.get("/v1/events", key=token).status, 200)
        time.sleep(max(0.0, exp / 1000 - time.time()) + 0.05)
        err = self.assert_401(self.s.get("/v1/events", key=token), "viewer token expired at",
                              token)
        expected = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(exp // 1000))
        self.assertIn(expected, err["message"])
        # … and one signed with the server's secret, an hour past its expiry.
        claims = harness.token_claims(token)
        claims["iat"] = harness.now_ms() - 7_200_000
        claims["exp"] = claims["iat"] + 3_600_000
        old = harness.sign_token(self.viewer_secret(), claims)
        self.assert_401(self.s.get("/v1/events", key=old), "viewer token expired at")

    def test_token_not_yet_valid(self):
        claims = harness.token_claims(self.s.mint_token(self.a, tenant="acme"))
        claims["iat"] = harness.now_ms() + 600_000
        claims["exp"] = claims["iat"] + 900_000
        future = harness.sign_token(self.viewer_secret(), claims)
        self.assert_401(self.s.get("/v1/events", key=future), "viewer token is not valid before")

    def test_tampered_and_forged_tokens(self):
        token = self.s.mint_token(self.a, tenant="acme")
        self.assertEqual(self.s.get("/v1/events", key=token).status, 200)
        prefix, claims_b64, mac = token.split(".")
        claims = harness.token_claims(token)
        bad_sig = ("viewer token has a bad signature: it was altered, forged or signed by "
                   "another server")
        # Another tenant written into the claims, the MAC kept.
        claims["tenant"] = "beta"
        tampered = "vt." + harness.b64url(json.dumps(claims, separators=(",", ":")).encode()) + \
            "." + mac
        self.assert_401(self.s.get("/v1/events", key=tampered), bad_sig, tampered)
        # One character of the MAC changed.
        flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
        self.assert_401(self.s.get("/v1/events", key=flipped), bad_sig)
        # Signed with a secret the server does not have.
        forged = harness.sign_token(os.urandom(32), harness.token_claims(token))
        self.assert_401(self.s.get("/v1/events", key=forged), bad_sig, forged)
        # Widened scopes, forged.
        widened = harness.token_claims(token)
        widened["scopes"] = ["read", "export"]
        self.assert_401(self.s.get("/v1/export", key=harness.sign_token(os.urandom(32), widened)),
                        bad_sig)
        # Shape problems.
        self.assert_401(self.s.get("/v1/events", key="vt.abc"), "malformed viewer token")
        self.assert_401(self.s.get("/v1/events", key="vt.abc.def"), "malformed viewer token")
        self.assert_401(self.s.get("/v1/events", key="vt." + "a" * 4050 + "." + mac),
                        "malformed viewer token")  # over 4096 bytes
        # A valid MAC over claims that fail their checks.
        bad = harness.token_claims(token)
        bad["v"] = 2
        self.assert_401(self.s.get("/v1/events", key=harness.sign_token(self.viewer_secret(), bad)),
                        "malformed viewer token")

    def test_missing_scope_is_403(self):
        s, k = self.s, self.keys
        cases = [
            (k["ingest_only"], "GET", "/v1/events", "read"),
            (k["ingest_only"], "GET", "/v1/export", "export"),
            (k["read_only"], "GET", "/v1/export", "export"),
            (k["read_only"], "POST", "/v1/events", "ingest"),
            (k["read_only"], "GET", "/v1/keys", "admin"),
            (k["a"], "POST", "/v1/keys", "admin"),
            (k["ingest_only"], "POST", "/v1/viewer-tokens", "read"),
        ]
        for key, method, path, scope in cases:
            with self.subTest(key=key, path=path):
                body = {"action": "a.b"} if method == "POST" else None
                r = s.request(method, path, key=key, body=body)
                self.assert_error(r, 403, "forbidden", f"needs the {scope} scope")
        # A read-only viewer token cannot export.
        token = s.mint_token(k["a"], tenant="acme", scopes=["read"])
        self.assert_error(s.get("/v1/export", key=token), 403, "forbidden", "export scope",
                          "viewer token")

    # ------------------------------------------------------------ admin bodies

    def test_bad_admin_bodies(self):
        s, op = self.s, self.keys["op"]
        cases = [
            ("/v1/keys", b'{"name":', "body: not valid JSON"),
            ("/v1/keys", b'[1]', "body: expected a JSON object"),
            ("/v1/keys", {"name": "k", "scopes": ["read"], "colour": 1},
             "body.colour: unknown field"),
            ("/v1/keys", {"name": 5, "scopes": ["read"]}, "body.name: expected a string"),
            ("/v1/keys", {"name": "k", "scopes": 7}, "body.scopes: expected an array of strings"),
            ("/v1/keys", {"name": "k", "scopes": ["reed"]}, 'unknown scope "reed"'),
            ("/v1/keys", {"name": "", "scopes": ["read"]}, "name"),
            ("/v1/keys", {"name": "k", "scopes": ["read"], "tenant": "_bad"}, "reserved"),
            ("/v1/keys", {"name": "k", "scopes": ["read"], "environments": ["no spaces"]},
             "environments"),
            ("/v1/viewer-tokens", b'{"tenant":', "body: not valid JSON"),
            ("/v1/viewer-tokens", {"tenant": "acme", "ttl_seconds": "x"},
             "body.ttl_seconds: expected an integer"),
            ("/v1/viewer-tokens", {"tenant": "acme", "ttl_seconds": 3601},
             "body.ttl_seconds: must be between 1 and 3600"),
            ("/v1/viewer-tokens", {"tenant": "acme", "ttl_seconds": 0}, "body.ttl_seconds"),
            ("/v1/viewer-tokens", {"tenant": "acme", "scopes": ["admin"]}, "read and export"),
            ("/v1/viewer-tokens", {"tenant": "acme", "wat": 1}, "body.wat: unknown field"),
            ("/v1/viewer-tokens", {}, "tenant: required"),
        ]
        for path, body, fragment in cases:
            with self.subTest(path=path, body=body):
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                r = s.request("POST", path, key=op, body=raw, content_type="application/json")
                self.assert_error(r, 400, "bad_request", fragment)
        r = s.request("DELETE", "/v1/keys/key_nope", key=op)
        self.assert_error(r, 404, "not_found", "key_nope")
        # No escalation: a key cannot grant scopes it does not hold.
        admin = s.request("POST", "/v1/keys", key=op,
                          body={"name": "small admin", "scopes": ["admin", "read"],
                                "tenant": "acme"}).json()["secret"]
        r = s.request("POST", "/v1/keys", key=admin, body={"name": "x", "scopes": ["export"]})
        self.assert_error(r, 403, "forbidden", "cannot grant scopes it does not hold", "export")


def read_http_response(sock):
    """(status, headers dict, body bytes) of one Content-Length response."""
    f = sock.makefile("rb")
    status = int(f.readline().split()[1])
    headers = {}
    while True:
        line = f.readline().decode().rstrip("\r\n")
        if not line:
            break
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = f.read(int(headers.get("content-length", "0")))
    return status, headers, body


if __name__ == "__main__":
    harness.main()
