#!/usr/bin/env python3
"""Self-audit over real HTTP: reading and exporting audit data, and admin
actions, are recorded as events in the affected tenant's own log; server
start and stop in the operator tenant `_system`.

Usage: test_audit.py PATH_TO_VIGIL

Covers: audit.view for a search (query, from, to, result count in metadata;
actor = the key; context = method, path, request id, user agent, IP), for an
opened event (target = the event) and for a live tail; audit.export with
format, query, rows and completion; audit.key.create / audit.key.revoke in
the key's tenant (or `_system` for operator keys); audit.viewer_token.create;
reads through a viewer token name the token and its key; an operator's read
across tenants goes to `_system`; histogram and facets are not recorded
(docs/api.md); server.startup / server.shutdown in `_system`; records of one
tenant never land in another's log; --self-audit=false records nothing.
"""
import json
import unittest

import dataset
import harness


def audit_events(server, key, tenant, action, actor_id=None):
    """Audit records of `action` in `tenant`'s log (read by the operator key `key`)."""
    params = {"tenant": tenant} if tenant else {}
    events = server.search_all(key, f"action:{action}", **params)
    if actor_id is not None:
        events = [e for e in events if e.get("actor", {}).get("id") == actor_id]
    return events


class SelfAuditTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "a": {"scopes": "ingest,read,export,admin", "tenant": "acme"},
            "b": {"scopes": "ingest,read,export", "tenant": "beta"},
        }, prefix="audit-")
        cls.server.ingest(cls.keys["op"], dataset.events("acme", 120) + dataset.events("beta", 60))

    def setUp(self):
        self.s, self.op, self.a = self.server, self.keys["op"], self.keys["a"]

    def wait_audit(self, tenant, action, actor_id, predicate=lambda e: True, count=1):
        """Polls (the records are appended in the background, within ~200 ms)."""
        def found():
            got = [e for e in audit_events(self.s, self.op, tenant, action, actor_id)
                   if predicate(e)]
            return got if len(got) >= count else None
        return harness.wait_for(found, timeout=10, message=f"{action} in {tenant}")

    def test_search_is_recorded_with_query_and_count(self):
        q = "action:app.* status:error"
        r = self.s.request("GET", "/v1/events", key=self.a,
                           params={"q": q, "from": dataset.FROM, "to": dataset.TO, "limit": 7},
                           headers={"X-Request-Id": "req-audit-search",
                                    "User-Agent": "audit-test/1"})
        self.assertEqual(r.status, 200)
        n = len(r.json()["events"])
        self.assertGreater(n, 0)
        [e] = self.wait_audit("acme", "audit.view", self.a.id,
                              lambda e: e["context"].get("request_id") == "req-audit-search")
        self.assertEqual(e["tenant"], "acme")
        self.assertEqual(e["operation"], "view")
        self.assertEqual(e["status"], "success")
        self.assertEqual(e["metadata"], {"query": q, "from": dataset.FROM, "to": dataset.TO,
                                         "results": n})
        self.assertEqual(e["actor"], {"id": self.a.id, "name": "a", "type": "api_key"})
        ctx = e["context"]
        self.assertEqual(ctx["method"], "GET")
        self.assertEqual(ctx["path"], "/v1/events")
        self.assertEqual(ctx["user_agent"], "audit-test/1")
        self.assertEqual(ctx["ip"], "127.0.0.1")
        self.assertIn(str(n), e["description"])

    def test_get_event_is_recorded_with_target(self):
        r = self.s.get("/v1/events/acme-0007", key=self.a)
        self.assertEqual(r.status, 200)
        [e] = self.wait_audit("acme", "audit.view", self.a.id,
                              lambda e: e.get("target", {}).get("id") == "acme-0007")
        self.assertEqual(e["target"], {"type": "event", "id": "acme-0007"})
        self.assertEqual(e["context"]["path"], "/v1/events/acme-0007")
        # A 404 (not visible) opens nothing and records nothing.
        self.assertEqual(self.s.get("/v1/events/beta-0001", key=self.a).status, 404)
        self.s.get("/v1/events/acme-0008", key=self.a)  # a later record, as a fence
        self.wait_audit("acme", "audit.view", self.a.id,
                        lambda e: e.get("target", {}).get("id") == "acme-0008")
        for tenant in ["acme", "beta", "_system"]:
            self.assertEqual([e for e in audit_events(self.s, self.op, tenant, "audit.view")
                              if e.get("target", {}).get("id") == "beta-0001"], [], tenant)

    def test_export_is_recorded_with_rows(self):
        for fmt in ["ndjson", "csv"]:
            with self.subTest(format=fmt):
                q = "status:success environment:production"
                r = self.s.get("/v1/export", key=self.a, q=q, format=fmt,
                               headers={"X-Request-Id": f"req-export-{fmt}"})
                self.assertEqual(r.status, 200)
                lines = [l for l in r.body.decode().split("\r\n" if fmt == "csv" else "\n") if l]
                rows = len(lines) - (1 if fmt == "csv" else 0)
                self.assertGreater(rows, 0)
                [e] = self.wait_audit(
                    "acme", "audit.export", self.a.id,
                    lambda e: e.get("context", {}).get("request_id") == f"req-export-{fmt}")
                self.assertEqual(e["metadata"], {"complete": True, "format": fmt, "query": q,
                                                 "rows": rows})
                self.assertEqual(e["operation"], "export")
                self.assertEqual(e["status"], "success")

    def test_stream_is_recorded(self):
        st = self.s.stream(self.a, q="action:app.create",
                           headers={"X-Request-Id": "req-stream"})
        try:
            st.wait_open()
            [e] = self.wait_audit("acme", "audit.view", self.a.id,
                                  lambda e: e.get("context", {}).get("request_id") == "req-stream")
            self.assertEqual(e["metadata"], {"query": "action:app.create", "stream": True})
            self.assertEqual(e["context"]["path"], "/v1/stream")
        finally:
            st.close()

    def test_key_admin_is_recorded_in_the_keys_tenant(self):
        s = self.s
        made = s.request("POST", "/v1/keys", key=self.a,
                         body={"name": "audited", "scopes": ["read"]}).json()["key"]
        [e] = self.wait_audit("acme", "audit.key.create", self.a.id,
                              lambda e: e.get("target", {}).get("id") == made["id"])
        self.assertEqual(e["target"], {"type": "api_key", "id": made["id"]})
        self.assertIn("audited", e["description"])
        self.assertEqual(e["operation"], "create")
        s.request("DELETE", f"/v1/keys/{made['id']}", key=self.a)
        [e] = self.wait_audit("acme", "audit.key.revoke", self.a.id,
                              lambda e: e.get("target", {}).get("id") == made["id"])
        self.assertEqual(e["operation"], "revoke")
        # An operator key (no tenant) is recorded in _system.
        op_made = s.request("POST", "/v1/keys", key=self.op,
                            body={"name": "ops", "scopes": ["read"]}).json()["key"]
        self.wait_audit("_system", "audit.key.create", self.op.id,
                        lambda e: e.get("target", {}).get("id") == op_made["id"])
        # A key created by the operator for beta is recorded in beta's log.
        b_made = s.request("POST", "/v1/keys", key=self.op,
                           body={"name": "for beta", "scopes": ["read"], "tenant": "beta"}).json()
        self.wait_audit("beta", "audit.key.create", self.op.id,
                        lambda e: e.get("target", {}).get("id") == b_made["key"]["id"])
        # The secret never appears in an audit record.
        for tenant in ["acme", "beta", "_system"]:
            text = json.dumps(audit_events(s, self.op, tenant, "audit.*"))
            self.assertNotIn(b_made["secret"], text)

    def test_viewer_token_mint_and_reads(self):
        s = self.s
        r = s.request("POST", "/v1/viewer-tokens", key=self.a,
                      body={"tenant": "acme", "scopes": ["read", "export"]}).json()
        token, tid = r["token"], r["token_id"]
        self.wait_audit("acme", "audit.viewer_token.create", self.a.id,
                        lambda e: e.get("target", {}).get("id") == tid)
        s.get("/v1/events", key=token, q="action:user.login", headers={"X-Request-Id": "req-tok"})
        [e] = self.wait_audit("acme", "audit.view", self.a.id,
                              lambda e: e.get("context", {}).get("request_id") == "req-tok")
        # The actor is the minting key, named with the token id.
        self.assertEqual(e["actor"]["id"], self.a.id)
        self.assertIn(tid, e["actor"]["name"])
        self.assertIn("viewer token", e["actor"]["name"])
        self.assertNotIn(token, json.dumps(e))

    def test_operator_reads_go_to_system_or_the_named_tenant(self):
        s = self.s
        s.get("/v1/events", key=self.op, q="action:user.login",
              headers={"X-Request-Id": "req-op-all"})
        self.wait_audit("_system", "audit.view", self.op.id,
                        lambda e: e["context"].get("request_id") == "req-op-all")
        s.get("/v1/events", key=self.op, tenant="beta", headers={"X-Request-Id": "req-op-beta"})
        self.wait_audit("beta", "audit.view", self.op.id,
                        lambda e: e["context"].get("request_id") == "req-op-beta")
        s.get("/v1/export", key=self.op, q="action:nothing.matches",
              headers={"X-Request-Id": "req-op-export"})
        [e] = self.wait_audit("_system", "audit.export", self.op.id,
                              lambda e: e["context"].get("request_id") == "req-op-export")
        self.assertEqual(e["metadata"]["rows"], 0)

    def test_histogram_and_facets_are_not_recorded(self):
        # docs/api.md: "Histogram and facet requests are not recorded".
        s = self.s
        s.get("/v1/histogram", key=self.a, headers={"X-Request-Id": "req-hist"})
        s.get("/v1/facets", key=self.a, headers={"X-Request-Id": "req-facets"})
        s.get("/v1/events", key=self.a, limit=1, headers={"X-Request-Id": "req-fence"})
        self.wait_audit("acme", "audit.view", self.a.id,
                        lambda e: e["context"].get("request_id") == "req-fence")
        ids = {e.get("context", {}).get("request_id")
               for e in audit_events(s, self.op, "acme", "audit.*")}
        self.assertNotIn("req-hist", ids)
        self.assertNotIn("req-facets", ids)

    def test_records_stay_in_their_tenant(self):
        s = self.s
        s.get("/v1/events", key=self.keys["b"], q="betamarker",
              headers={"X-Request-Id": "req-beta-read"})
        self.wait_audit("beta", "audit.view", self.keys["b"].id)
        # acme's credentials see none of beta's records (and no record of any beta read).
        for e in self.s.search_all(self.a, "action:audit.*"):
            self.assertEqual(e["tenant"], "acme")
            self.assertNotEqual(e.get("context", {}).get("request_id"), "req-beta-read")
        for e in self.s.search_all(self.keys["b"], "action:audit.*"):
            self.assertEqual(e["tenant"], "beta")
            self.assertNotEqual(e["actor"]["id"], self.a.id)


class LifecycleAuditTest(unittest.TestCase):
    def test_startup_and_shutdown_in_system(self):
        server, keys = harness.start_server(self, keys={"op": {"scopes": "read,admin"}},
                                            prefix="audit-life-")
        op = keys["op"]
        [start] = harness.wait_for(lambda: audit_events(server, op, "_system", "server.startup"),
                                   message="server.startup")
        self.assertEqual(start["tenant"], "_system")
        self.assertEqual(start["actor"], {"id": "vigil", "name": "Vigil server", "type": "system"})
        self.assertEqual(start["operation"], "start")
        self.assertEqual(start["metadata"]["url"], server.base)
        server.stop()
        server.start()
        stops = audit_events(server, op, "_system", "server.shutdown")
        self.assertEqual(len(stops), 1)  # appended before the store closed: no wait needed
        self.assertEqual(stops[0]["operation"], "stop")
        self.assertIn("SIGTERM", stops[0]["description"])
        harness.wait_for(lambda: len(audit_events(server, op, "_system", "server.startup")) == 2,
                         message="second server.startup")
        # None of it is visible to a tenant.
        server.stop()

    def test_self_audit_off_records_nothing(self):
        server, keys = harness.start_server(
            self, keys={"op": {"scopes": "ingest,read,export,admin"},
                        "a": {"scopes": "ingest,read,export,admin", "tenant": "acme"}},
            args=["--self-audit=false"], prefix="audit-off-")
        a, op = keys["a"], keys["op"]
        server.ingest(a, dataset.events("acme", 20))
        server.get("/v1/events", key=a)
        server.get("/v1/events/acme-0001", key=a)
        server.get("/v1/export", key=a)
        server.get("/v1/events", key=op)
        server.request("POST", "/v1/keys", key=a, body={"name": "k", "scopes": ["read"]})
        server.mint_token(a, tenant="acme")
        server.stop()
        # Read offline, so that this check cannot itself be recorded.
        out = harness.run_vigil(["export", "--format", "ndjson"], server.data).stdout.decode()
        rows = [json.loads(l) for l in out.splitlines()]
        self.assertEqual(len(rows), 20)
        self.assertEqual([r for r in rows if r["action"].startswith(("audit.", "server."))], [])


if __name__ == "__main__":
    harness.main()
