#!/usr/bin/env python3
"""docs/openapi.json is true: it is what the server serves, and every path
and method in it answers a valid request with a documented status, content
type and body shape.

Usage: test_openapi.py PATH_TO_VIGIL

The shape check is a light JSON Schema reader written here ($ref, allOf,
oneOf, type, nullable, enum, properties, items, required): every documented
top-level property of a response object is present (except the optional
members listed in OPTIONAL), no undocumented one appears, and the types of
nested values match. Every operation that needs a credential answers 401
without one, documents 401, and uses the Error shape. A new path or method
in the document without a request in REQUESTS fails the test, so the
document cannot grow untested.
"""
import json
import os
import unittest

import dataset
import harness

DOC_PATH = os.path.join(harness.REPO, "docs", "openapi.json")

# Members of these schemas that a response may leave out (absent = empty).
OPTIONAL = {
    "Event": {"workspace", "category", "operation", "actor", "target", "resources", "context",
              "description", "changes", "metadata", "geo", "ua", "diff", "seal",
              "ledger"},  # ledger: GET /v1/events/{id} only
    "Event.seal": {"key", "redacted"},  # one or the other (docs/format/ledger.md)
    "ApiKey": {"tenant", "environments", "revoked_at"},
    # id, tenant: not in an event's "ledger"; node: on the ClickHouse backend only
    "InclusionProof": {"id", "tenant", "checkpoint", "node"},
    "ConsistencyProof": {"checkpoint", "node"},
    "LedgerCheckpoint": {"node"},
    "IngestResult.events[]": {"duplicate"},
    "Error.error": {"details"},
    "RetentionPolicy": {"tenant", "tenants", "interval_ms"},  # by the key: operator or bound
}


class OpenApiTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        with open(DOC_PATH, "rb") as f:
            cls.doc_bytes = f.read()
        cls.doc = json.loads(cls.doc_bytes)
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "acme": {"scopes": "ingest,read,export", "tenant": "acme"},
        }, prefix="openapi-")
        cls.server.ingest(cls.keys["op"], dataset.events("acme", 40) + dataset.events("beta", 10)
                          + [{"id": "dup-0", "tenant": "acme", "action": "app.create"}])

    # ------------------------------------------------------------ schema reading

    def resolve(self, schema):
        while "$ref" in schema:
            node = self.doc
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def schema_name(self, schema):
        return schema["$ref"].rsplit("/", 1)[1] if "$ref" in schema else None

    def merged(self, schema):
        """(properties, required, name) of an object schema, allOf flattened."""
        name = self.schema_name(schema)
        schema = self.resolve(schema)
        props, required = dict(schema.get("properties", {})), set(schema.get("required", []))
        for part in schema.get("allOf", []):
            p, r, n = self.merged(part)
            props.update(p)
            required |= r
            name = name or n
        return props, required, name

    def check(self, value, schema, where, name_hint=None):
        """Light validation of `value` against `schema`; returns a list of problems."""
        name = self.schema_name(schema) or name_hint
        s = self.resolve(schema)
        if "oneOf" in s:
            results = [self.check(value, alt, where) for alt in s["oneOf"]]
            if any(not r for r in results):
                return []
            return [f"{where}: matches none of oneOf: {results}"]
        if value is None:
            return [] if s.get("nullable") else [f"{where}: null"]
        t = s.get("type")
        if "allOf" in s or t == "object" or "properties" in s:
            if not isinstance(value, dict):
                return [f"{where}: expected an object, got {type(value).__name__}"]
            props, required, merged_name = self.merged(schema)
            name = name or merged_name
            problems = []
            if props:
                optional = OPTIONAL.get(name, set())
                for p in props:
                    if p not in value and (p in required or p not in optional):
                        problems.append(f"{where}: missing documented member '{p}'")
                for p in value:
                    if p not in props:
                        problems.append(f"{where}: undocumented member '{p}'")
                for p, v in value.items():
                    if p in props:
                        hint = f"{name}.{p}" if name else None
                        problems += self.check(v, props[p], f"{where}.{p}", hint)
            return problems
        if t == "array":
            if not isinstance(value, list):
                return [f"{where}: expected an array"]
            problems = []
            for i, v in enumerate(value):
                hint = f"{name}[]" if name else None
                problems += self.check(v, s.get("items", {}), f"{where}[{i}]", hint)
            return problems
        expected = {"string": str, "integer": int, "boolean": bool, "number": (int, float)}.get(t)
        if expected is not None:
            if isinstance(value, bool) and t != "boolean":
                return [f"{where}: expected {t}, got a boolean"]
            if not isinstance(value, expected):
                return [f"{where}: expected {t}, got {type(value).__name__}"]
        if "enum" in s and value not in s["enum"]:
            return [f"{where}: {value!r} not in {s['enum']}"]
        return []

    # ------------------------------------------------------------ requests

    def requests(self):
        """(METHOD, path) → a function making one valid request."""
        s, k = self.server, self.keys
        acme, op = k["acme"], k["op"]
        rng = {"from": dataset.FROM, "to": dataset.TO}

        def stream():
            st = s.stream(acme, q="action:app.*", after_seq=0)
            try:
                st.wait(lambda x: len(x.events) >= 1, message="a replayed event")
                # The live tail has no end: check what it sent so far.
                return harness.Response(st.status, "", _Headers(st.headers),
                                        json.dumps(st.data()[0]).encode()), st.data()
            finally:
                st.close()

        def use_link():
            made = s.request("POST", "/v1/export/links", key=acme, params=rng)
            return s.get(made.json()["url"])

        def revoke():
            made = s.request("POST", "/v1/keys", key=op, body={"name": "tmp", "scopes": ["read"]})
            return s.request("DELETE", f"/v1/keys/{made.json()['key']['id']}", key=op)

        return {
            ("POST", "/v1/events"): lambda: s.post_events(
                acme, [{"id": "oa-1", "action": "app.create"}, {"id": "dup-0", "action": "x.y"}]),
            ("GET", "/v1/events"): lambda: s.get("/v1/events", key=acme, q="status:success",
                                                 limit=5, **rng),
            ("GET", "/v1/events/{id}"): lambda: s.get("/v1/events/acme-0002", key=acme),
            ("GET", "/v1/histogram"): lambda: s.get("/v1/histogram", key=acme, interval="1d",
                                                    **rng),
            ("GET", "/v1/facets"): lambda: s.get("/v1/facets", key=acme, **rng),
            ("GET", "/v1/export"): lambda: s.get("/v1/export", key=acme, **rng),
            ("POST", "/v1/export/links"): lambda: s.request(
                "POST", "/v1/export/links", key=acme, params={"format": "ndjson", **rng}),
            ("GET", "/v1/export/links/{id}"): use_link,
            ("GET", "/v1/stream"): stream,
            ("GET", "/v1/ledger/checkpoint"): lambda: s.get("/v1/ledger/checkpoint", key=acme),
            ("GET", "/v1/ledger/proof/inclusion"): lambda: s.get(
                "/v1/ledger/proof/inclusion", key=acme, id="acme-0002"),
            ("GET", "/v1/ledger/proof/consistency"): lambda: s.get(
                "/v1/ledger/proof/consistency", key=acme, **{"from": 3}),
            ("GET", "/v1/keys"): lambda: s.get("/v1/keys", key=op),
            ("POST", "/v1/keys"): lambda: s.request(
                "POST", "/v1/keys", key=op,
                body={"name": "oa", "scopes": ["read"], "tenant": "acme",
                      "environments": ["staging"]}),
            ("DELETE", "/v1/keys/{id}"): revoke,
            ("POST", "/v1/viewer-tokens"): lambda: s.request(
                "POST", "/v1/viewer-tokens", key=acme, body={"tenant": "acme", "ttl_seconds": 60}),
            ("POST", "/v1/admin/redactions"): lambda: s.request(
                "POST", "/v1/admin/redactions", key=op,
                body={"tenant": "acme", "actor": "oa-nobody"}),
            ("GET", "/v1/admin/retention"): lambda: s.get("/v1/admin/retention", key=op),
            ("POST", "/v1/admin/retention/runs"): lambda: s.request(
                "POST", "/v1/admin/retention/runs", key=op),
            ("GET", "/v1/catalog"): lambda: s.get("/v1/catalog", key=acme),
            ("PUT", "/v1/catalog"): lambda: s.request(
                "PUT", "/v1/catalog", key=op, body={"tenant": "oa-tenant", "catalog": "dify"}),
            ("GET", "/v1/openapi.json"): lambda: s.get("/v1/openapi.json"),
            ("GET", "/healthz"): lambda: s.get("/healthz"),
            ("GET", "/metrics"): lambda: s.get("/metrics"),
        }

    def operations(self):
        for path, item in self.doc["paths"].items():
            for method, op in item.items():
                if method in ("get", "post", "put", "patch", "delete", "head", "options"):
                    yield method.upper(), path, op

    # ------------------------------------------------------------ tests

    def test_served_document_is_docs_openapi_json(self):
        r = self.server.get("/v1/openapi.json")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        self.assertEqual(r.body, self.doc_bytes,
                         "the served document differs from docs/openapi.json")
        self.assertTrue(self.doc["openapi"].startswith("3."))

    def test_every_operation_answers_as_documented(self):
        requests = self.requests()
        seen = set()
        for method, path, op in self.operations():
            with self.subTest(operation=f"{method} {path}"):
                self.assertIn((method, path), requests,
                              f"{method} {path} is in docs/openapi.json but test_openapi.py has "
                              "no request for it: add one to requests()")
                seen.add((method, path))
                got = requests[(method, path)]()
                r, streamed = got if isinstance(got, tuple) else (got, None)
                responses = op["responses"]
                self.assertIn(str(r.status), responses,
                              f"{method} {path} answered {r.status}, documented: {list(responses)}")
                documented = self.resolve(responses[str(r.status)])
                content = documented.get("content", {})
                ctype = (r.header("Content-Type") or "").split(";")[0].strip()
                self.assertIn(ctype, content,
                              f"{method} {path}: Content-Type {ctype} not documented")
                schema = content[ctype].get("schema", {})
                if ctype == "application/json":
                    body = json.loads(r.body)
                    problems = self.check(body, schema, f"{method} {path}")
                    self.assertEqual(problems, [])
                elif ctype == "application/x-ndjson":
                    rows = [json.loads(l) for l in r.body.decode().splitlines() if l]
                    self.assertTrue(rows)
                    for row in rows:
                        self.assertEqual(self.check(row, {"$ref": "#/components/schemas/Event"},
                                                    "export row", "Event"), [])
                elif ctype == "text/event-stream":
                    for d in streamed:
                        self.assertEqual(self.check(d, {"$ref": "#/components/schemas/Event"},
                                                    "stream data", "Event"), [])
        self.assertEqual(set(requests) - seen, set(),
                         "requests for operations that are no longer documented")

    def test_every_authenticated_operation_documents_401(self):
        for method, path, op in self.operations():
            secured = op.get("security", self.doc.get("security")) != []
            if not secured:
                continue
            with self.subTest(operation=f"{method} {path}"):
                self.assertIn("401", op["responses"])
                url = path.replace("{id}", "x")
                r = self.server.request(method, url, body={} if method == "POST" else None)
                self.assertEqual(r.status, 401, r)
                problems = self.check(r.json(), self.resolve(op["responses"]["401"])["content"]
                                      ["application/json"]["schema"], "401", "Error")
                self.assertEqual(problems, [])
                self.assertEqual(r.error["status"], 401)

    def test_documented_error_statuses_use_the_error_shape(self):
        s, acme = self.server, self.keys["acme"]
        cases = [
            ("POST", "/v1/events", s.post_events(acme, {"action": 5}), 422),
            ("POST", "/v1/events", s.post_events(acme, b"{}", content_type="text/plain"), 415),
            ("GET", "/v1/events", s.get("/v1/events", key=acme, q="acter:x"), 400),
            ("GET", "/v1/events/{id}", s.get("/v1/events/beta-0001", key=acme), 404),
            ("GET", "/v1/histogram", s.get("/v1/histogram", key=acme, interval="x"), 400),
            ("GET", "/v1/facets", s.get("/v1/facets", key=acme, fields="description"), 400),
            ("GET", "/v1/export", s.get("/v1/export", key=acme, format="xml"), 400),
            ("GET", "/v1/stream", s.get("/v1/stream", key=acme, after_seq="x"), 400),
            ("GET", "/v1/ledger/proof/inclusion",
             s.get("/v1/ledger/proof/inclusion", key=acme, seq="-1"), 400),
            ("GET", "/v1/ledger/proof/inclusion",
             s.get("/v1/ledger/proof/inclusion", key=acme, id="beta-0001"), 404),
            ("GET", "/v1/ledger/proof/consistency",
             s.get("/v1/ledger/proof/consistency", key=acme), 400),
            ("GET", "/v1/keys", s.get("/v1/keys", key=acme), 403),
            ("POST", "/v1/viewer-tokens",
             s.request("POST", "/v1/viewer-tokens", key=acme, body={"tenant": "beta"}), 403),
            ("DELETE", "/v1/keys/{id}",
             s.request("DELETE", "/v1/keys/key_0000000000000000", key=self.keys["op"]), 404),
        ]
        for method, path, r, status in cases:
            with self.subTest(operation=f"{method} {path}", status=status):
                self.assertEqual(r.status, status, r)
                op = self.doc["paths"][path][method.lower()]
                self.assertIn(str(status), op["responses"],
                              f"{method} {path} can answer {status}; document it")
                self.assertEqual(self.check(r.json(), {"$ref": "#/components/schemas/Error"},
                                            "error", "Error"), [])
                self.assertEqual(r.error["status"], status)


class _Headers(dict):
    def get(self, name, default=None):
        return super().get(name.lower(), default)


if __name__ == "__main__":
    harness.main()
