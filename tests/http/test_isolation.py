#!/usr/bin/env python3
"""Tenant isolation over real HTTP: a key or viewer token for tenant `acme`
never sees tenant `beta` through any endpoint.

Usage: test_isolation.py PATH_TO_VIGIL

The matrix: credentials for acme — a tenant-bound key, a key limited to the
production environment, viewer tokens without and with fixed filters
(workspace, environment, actor), a token minted by the operator — against
every read endpoint: search (all pages, and queries aimed at beta's values),
get by id (beta's ids answer 404 exactly like ids that do not exist),
histogram (per-bucket counts equal a Python model of acme's data), facets
(counts equal the model; beta-only values never appear), export (NDJSON and
CSV), and the live tail (beta's events, ingested while the tail is open,
never arrive). Writes: a bound key cannot write to beta (403, nothing stored,
a mixed batch is refused whole), an environment-bound key cannot write other
environments, and admin endpoints stay within the tenant.
"""
import collections
import csv
import io
import json
import unittest

import dataset
import harness

NOT_AUDIT = "-action:audit.*"  # acme's own self-audit records are excluded from counts


class IsolationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "a": {"scopes": "ingest,read,export", "tenant": "acme"},
            "b": {"scopes": "ingest,read,export", "tenant": "beta"},
            "a_prod": {"scopes": "ingest,read,export", "tenant": "acme",
                       "environments": "production"},
            "a_admin": {"scopes": "admin,read", "tenant": "acme"},
            "b_admin": {"scopes": "admin,read", "tenant": "beta"},
        }, prefix="isolation-")
        s, k = cls.server, cls.keys
        cls.events = dataset.standard()
        s.ingest(k["op"], cls.events)
        cls.by_id = {e["id"]: e for e in cls.events}
        mint = s.mint_token
        # Every acme credential with the restrictions the server must apply.
        cls.creds = {
            "key a": (k["a"], {}),
            "key a_prod": (k["a_prod"], {"environment": "production"}),
            "token": (mint(k["a"], tenant="acme", scopes=["read", "export"]), {}),
            "token ws_2": (mint(k["a"], tenant="acme", scopes=["read", "export"],
                                workspace="ws_2"), {"workspace": "ws_2"}),
            "token staging": (mint(k["a"], tenant="acme", scopes=["read", "export"],
                                   environment="staging"), {"environment": "staging"}),
            "token actor u_1": (mint(k["a"], tenant="acme", scopes=["read", "export"],
                                     actor="u_1"), {"actor": "u_1"}),
            "token by operator": (mint(k["op"], tenant="acme", scopes=["read", "export"]), {}),
            "token by a_prod": (mint(k["a_prod"], tenant="acme", scopes=["read", "export"]),
                                {"environment": "production"}),
        }

    def expected(self, restrictions):
        return [e for e in self.events if dataset.matches(e, tenant="acme", **restrictions)]

    def assert_visible(self, event, restrictions, where):
        self.assertEqual(event["tenant"], "acme", f"{where}: saw {event}")
        self.assertTrue(dataset.matches(event, tenant="acme", **restrictions),
                        f"{where}: {event.get('id')} is outside the credential's filters")
        if not event["action"].startswith("audit."):  # audit records hold acme's own queries
            self.assertNotIn("betamarker", json.dumps(event), where)

    def test_sanity_operator_sees_both_tenants(self):
        # Without this, every "never sees beta" assertion below could pass vacuously.
        ids = {e["id"] for e in self.server.search_all(self.keys["op"], NOT_AUDIT,
                                                       **{"from": dataset.FROM, "to": dataset.TO})}
        self.assertEqual(ids, set(self.by_id))
        r = self.server.get("/v1/events/beta-0004", key=self.keys["op"], tenant="beta")
        self.assertEqual(r.status, 200)

    def test_search_every_page(self):
        for name, (cred, restr) in self.creds.items():
            with self.subTest(credential=name):
                got = self.server.search_all(cred)
                for e in got:
                    self.assert_visible(e, restr, name)
                ids = {e["id"] for e in got if e["id"] in self.by_id}
                want = {e["id"] for e in self.expected(restr)}
                self.assertTrue(want, name)
                self.assertEqual(ids, want, name)

    def test_search_aimed_at_beta_finds_nothing(self):
        queries = ["tenant:beta", "action:beta.secret.read", "action:beta.*",
                   "actor:mallory@beta.example", "actor:u_mallory", "workspace:ws_beta",
                   "id:beta-0001", "betamarker", '"Event 4 of beta"',
                   "tenant:beta,acme -tenant:acme"]
        for name, (cred, _) in self.creds.items():
            for q in queries:
                with self.subTest(credential=name, q=q):
                    # (acme's own audit records hold these queries as text: left out)
                    r = self.server.get("/v1/events", key=cred, q=f"{q} {NOT_AUDIT}")
                    self.assertEqual(r.status, 200, r)
                    self.assertEqual(r.json()["events"], [], r)

    def test_tenant_parameter_for_beta_is_refused(self):
        for name, (cred, _) in self.creds.items():
            for path in ["/v1/events", "/v1/histogram", "/v1/facets", "/v1/export",
                         "/v1/stream", "/v1/events/beta-0001"]:
                with self.subTest(credential=name, path=path):
                    r = self.server.get(path, key=cred, tenant="beta")
                    self.assertEqual(r.status, 403, r)
                    self.assertEqual(r.error["code"], "forbidden")
                    self.assertIn("tenant", r.error["message"])
                    self.assertNotIn("betamarker", r.body.decode())

    def test_get_by_id_never_reveals_beta(self):
        for name, (cred, restr) in self.creds.items():
            with self.subTest(credential=name):
                missing = self.server.get("/v1/events/no-such-event", key=cred)
                self.assertEqual(missing.status, 404)
                for eid in ["beta-0000", "beta-0001", "beta-0004", "beta-0199"]:
                    r = self.server.get(f"/v1/events/{eid}", key=cred)
                    self.assertEqual(r.status, 404, f"{name} {eid}: {r}")
                    # Same answer as for an id that does not exist: no existence leak.
                    self.assertEqual(r.body.replace(eid.encode(), b"X"),
                                     missing.body.replace(b"no-such-event", b"X"))
                # acme's own events: visible exactly when inside the fixed filters.
                for e in self.events[:240:17]:
                    r = self.server.get(f"/v1/events/{e['id']}", key=cred)
                    want = 200 if dataset.matches(e, tenant="acme", **restr) else 404
                    self.assertEqual(r.status, want, f"{name} {e['id']}: {r}")
                    if want == 200:
                        self.assertEqual(r.json()["id"], e["id"])
                    else:
                        self.assertEqual(r.body.replace(e["id"].encode(), b"X"),
                                         missing.body.replace(b"no-such-event", b"X"))

    def test_same_id_in_both_tenants(self):
        # Ids are per tenant: beta's copy of an id acme also uses stays invisible.
        s, k = self.server, self.keys
        s.ingest(k["op"], [{"id": "shared-1", "tenant": "beta", "action": "beta.secret.read",
                            "description": "betamarker twin"}])
        r = s.get("/v1/events/shared-1", key=k["a"])
        self.assertEqual(r.status, 404)
        s.ingest(k["op"], [{"id": "shared-1", "tenant": "acme", "action": "app.create"}])
        r = s.get("/v1/events/shared-1", key=k["a"])
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["tenant"], "acme")
        self.assertEqual(s.get("/v1/events/shared-1", key=k["b"]).json()["tenant"], "beta")

    def test_histogram_totals(self):
        for name, (cred, restr) in self.creds.items():
            with self.subTest(credential=name):
                r = self.server.get("/v1/histogram", key=cred, q=NOT_AUDIT, interval="1d",
                                    **{"from": dataset.FROM, "to": dataset.TO})
                self.assertEqual(r.status, 200, r)
                h = r.json()
                want = self.expected(restr)
                self.assertEqual(h["total"], len(want))
                per_day = collections.Counter(e["time"][:10] for e in want)
                errors = collections.Counter(e["time"][:10] for e in want
                                             if e["status"] == "error")
                for b in h["buckets"]:
                    self.assertEqual(b["count"], per_day.get(b["time"][:10], 0), b)
                    self.assertEqual(b["errors"], errors.get(b["time"][:10], 0), b)
                # Asking for beta's values through q counts nothing.
                r = self.server.get("/v1/histogram", key=cred, q="tenant:beta",
                                    **{"from": dataset.FROM, "to": dataset.TO})
                self.assertEqual(r.json()["total"], 0)

    def test_facet_counts(self):
        fields = "action,status,environment,workspace,actor"
        for name, (cred, restr) in self.creds.items():
            with self.subTest(credential=name):
                r = self.server.get("/v1/facets", key=cred, q=NOT_AUDIT, fields=fields,
                                    top=100, **{"from": dataset.FROM, "to": dataset.TO})
                self.assertEqual(r.status, 200, r)
                got = {f["field"]: f for f in r.json()["facets"]}
                want = self.expected(restr)
                model = {
                    "action": collections.Counter(e["action"] for e in want),
                    "status": collections.Counter(e["status"] for e in want),
                    "environment": collections.Counter(e["environment"] for e in want),
                    "workspace": collections.Counter(e["workspace"]["id"] for e in want),
                    "actor": collections.Counter(e["actor"]["email"] for e in want),
                }
                for field, counts in model.items():
                    values = {v["value"]: v["count"] for v in got[field]["values"]}
                    self.assertEqual(values, dict(counts), field)
                    self.assertEqual(got[field]["other"], 0)
                text = r.body.decode()
                for secret in ["beta.secret.read", "mallory", "ws_beta", "u_mallory"]:
                    self.assertNotIn(secret, text)

    def test_export_rows(self):
        for name, (cred, restr) in self.creds.items():
            with self.subTest(credential=name):
                rows = self.server.export(cred)
                for e in rows:
                    self.assert_visible(e, restr, name)
                want = {e["id"] for e in self.expected(restr)}
                self.assertEqual({e["id"] for e in rows if e["id"] in self.by_id}, want)
                text = self.server.export(cred, fmt="csv")
                self.assertNotIn("betamarker", text)
                table = list(csv.DictReader(io.StringIO(text, newline="")))
                self.assertTrue(table)
                self.assertEqual({r["tenant"] for r in table}, {"acme"})
                self.assertEqual({r["id"] for r in table if r["id"] in self.by_id}, want)
                # Filename names the credential's tenant, never another one.
                r = self.server.get("/v1/export", key=cred, q="tenant:beta")
                self.assertIn("vigil-acme-", r.header("Content-Disposition"))
                self.assertEqual(r.body, b"")

    def test_stream_only_delivers_own_tenant(self):
        s, k = self.server, self.keys
        streams = {name: s.stream(cred) for name, (cred, _) in self.creds.items()}
        try:
            for st in streams.values():
                self.assertEqual(st.status, 200)
                st.wait_open()
            # beta's events first, then acme events inside and outside each
            # credential's filters; stream order is seq order, so once the last
            # acme event a credential may see has arrived, a leaked beta event
            # would have arrived before it.
            def live(tenant, i, **updates):
                e = dataset.make_event(tenant, 1000 + i)
                del e["time"]  # now: outside [FROM, TO), so the counts elsewhere hold
                e.update(updates)
                return e
            betas = [live("beta", i, id=f"live-beta-{i}") for i in range(4)]
            acmes = [
                live("acme", 0, id="live-acme-0", environment="development",
                     workspace={"id": "ws_3", "name": "Operations"},
                     actor={"id": "u_3", "email": "alan@example.com"}),
                live("acme", 1, id="live-acme-1", environment="production"),
                live("acme", 2, id="live-acme-2", environment="staging",
                     workspace={"id": "ws_2", "name": "Sales"},
                     actor={"id": "u_1", "email": "ada@example.com"}),
            ]
            s.ingest(k["op"], betas)
            for e in acmes:
                s.ingest(k["op"], [e])
            s.ingest(k["op"], betas[:1] + [live("beta", 9, id="live-beta-9")])
            for name, st in streams.items():
                _, restr = self.creds[name]
                want = [e["id"] for e in acmes if dataset.matches(e, tenant="acme", **restr)]
                self.assertTrue(want, name)
                st.wait(lambda x: want[-1] in [d["id"] for d in x.data()], 15,
                        f"{name}: {want[-1]}")
                for d in st.data():
                    self.assert_visible(d, restr, f"stream {name}")
                got = [d["id"] for d in st.data() if d["id"].startswith("live-")]
                self.assertEqual(got, want, name)
        finally:
            for st in streams.values():
                st.close()

    def test_bound_key_cannot_write_other_tenant(self):
        s, k = self.server, self.keys
        r = s.post_events(k["a"], {"id": "w-1", "tenant": "beta", "action": "app.create"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.error["code"], "forbidden")
        self.assertIn("events[0].tenant", r.error["details"][0]["message"])
        self.assertIn("acme", r.error["details"][0]["message"])
        # A mixed batch is refused whole: its acme event is not stored either.
        r = s.post_events(k["a"], [{"id": "w-2", "tenant": "acme", "action": "app.create"},
                                   {"id": "w-3", "tenant": "beta", "action": "app.create"}])
        self.assertEqual(r.status, 403, r)
        self.assertEqual([d["index"] for d in r.error["details"]], [1])
        for eid, tenant in [("w-1", "beta"), ("w-2", "acme"), ("w-3", "beta")]:
            self.assertEqual(s.get(f"/v1/events/{eid}", key=k["op"], tenant=tenant).status,
                             404, eid)
        # Without a tenant the key's own is used.
        res = s.ingest(k["a"], {"id": "w-4", "action": "app.create"})
        self.assertEqual(res["stored"], 1)
        self.assertEqual(s.get("/v1/events/w-4", key=k["op"], tenant="acme").json()["tenant"],
                         "acme")
        self.assertEqual(s.get("/v1/events/w-4", key=k["b"]).status, 404)

    def test_environment_bound_key(self):
        s, k = self.server, self.keys
        r = s.post_events(k["a_prod"], {"id": "env-1", "action": "app.create",
                                        "environment": "staging"})
        self.assertEqual(r.status, 403, r)
        self.assertIn("environment", r.error["details"][0]["message"])
        self.assertEqual(s.get("/v1/events/env-1", key=k["op"], tenant="acme").status, 404)
        # Default environment: the key's only one.
        s.ingest(k["a_prod"], {"id": "env-2", "action": "app.create"})
        e = s.get("/v1/events/env-2", key=k["a_prod"]).json()
        self.assertEqual(e["environment"], "production")
        # It reads only production.
        r = s.get("/v1/events", key=k["a_prod"], q="environment:staging")
        self.assertEqual(r.json()["events"], [])
        # It cannot mint a token for another environment.
        r = s.request("POST", "/v1/viewer-tokens", key=k["a_prod"],
                      body={"tenant": "acme", "environment": "staging"})
        self.assertEqual(r.status, 403, r)
        self.assertIn("environment", r.error["message"])

    def test_viewer_tokens_cannot_be_minted_for_beta(self):
        s, k = self.server, self.keys
        r = s.request("POST", "/v1/viewer-tokens", key=k["a"], body={"tenant": "beta"})
        self.assertEqual(r.status, 403, r)
        self.assertIn("beta", r.error["message"])
        # A token cannot mint a token.
        tok, _ = self.creds["token"]
        r = s.request("POST", "/v1/viewer-tokens", key=tok, body={"tenant": "acme"})
        self.assertEqual(r.status, 403, r)
        # A viewer token cannot ingest.
        r = s.post_events(tok, {"action": "app.create"})
        self.assertEqual(r.status, 403, r)

    def test_admin_endpoints_stay_in_tenant(self):
        s, k = self.server, self.keys
        listed = s.get("/v1/keys", key=k["a_admin"]).json()["keys"]
        self.assertTrue(listed)
        self.assertEqual({x.get("tenant") for x in listed}, {"acme"})
        self.assertNotIn(k["b"].id, [x["id"] for x in listed])
        # Revoking beta's key through acme's admin key: 404, as if it did not exist.
        r = s.request("DELETE", f"/v1/keys/{k['b'].id}", key=k["a_admin"])
        self.assertEqual(r.status, 404, r)
        self.assertEqual(s.get("/v1/events", key=k["b"], limit=1).status, 200)
        # Creating a key for beta: refused; without a tenant: bound to acme.
        r = s.request("POST", "/v1/keys", key=k["a_admin"],
                      body={"name": "x", "scopes": ["read"], "tenant": "beta"})
        self.assertEqual(r.status, 403, r)
        r = s.request("POST", "/v1/keys", key=k["a_admin"], body={"name": "x", "scopes": ["read"]})
        self.assertEqual(r.status, 201, r)
        made = r.json()
        self.assertEqual(made["key"]["tenant"], "acme")
        r = s.get("/v1/events", key=made["secret"], tenant="beta")
        self.assertEqual(r.status, 403)
        r = s.get("/v1/events/beta-0001", key=made["secret"])
        self.assertEqual(r.status, 404)

    def test_self_audit_records_stay_in_the_readers_tenant(self):
        s, k = self.server, self.keys
        s.get("/v1/events", key=k["a"], q="action:app.create")
        harness.wait_for(lambda: any(e["actor"]["id"] == k["a"].id for e in s.get(
            "/v1/events", key=k["a"], q="action:audit.view", limit=1000).json()["events"]),
            message="acme's audit.view record")
        seen_by_b = s.search_all(k["b"], "action:audit.*")
        for e in seen_by_b:
            self.assertEqual(e["tenant"], "beta")
            self.assertNotEqual(e.get("actor", {}).get("id"), k["a"].id)


if __name__ == "__main__":
    harness.main()
