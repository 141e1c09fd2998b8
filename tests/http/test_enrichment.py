#!/usr/bin/env python3
"""Enrichment at ingest over real HTTP (docs/enrichment.md, docs/catalog.md):
events stored through POST /v1/events come back with the parsed user agent,
the location of their IP from the installed DB-IP database, the diff of
their changes and the catalog's category; a malformed IP costs nothing but
a label; /v1/catalog reads and sets a tenant's catalog, and a strict tenant
refuses unknown actions and metadata against the action's schema.

Usage: test_enrichment.py PATH_TO_VIGIL
"""
import json
import unittest

import harness

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1")


class EnrichmentTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "acme": {"scopes": "ingest,read", "tenant": "acme"},
            "beta_admin": {"scopes": "ingest,read,admin", "tenant": "beta"},
        }, prefix="enrich-")

    def post(self, event, key="op"):
        return self.server.post_events(self.keys[key], [event])

    def stored(self, event, key="op"):
        r = self.post(event, key)
        self.assertEqual(r.status, 200, r)
        eid = r.json()["events"][0]["id"]
        r = self.server.get(f"/v1/events/{eid}", key=self.keys["op"])
        self.assertEqual(r.status, 200, r)
        return r.json()

    def put_catalog(self, body, key="op"):
        return self.server.request("PUT", "/v1/catalog", body=body, key=self.keys[key])

    def test_user_agent_location_and_diff(self):
        e = self.stored({"tenant": "acme", "action": "app.update", "id": "enr-1",
                         "context": {"ip": "130.149.7.201", "user_agent": CHROME},
                         "changes": {"before": {"name": "CRM", "tags": ["a", "b"]},
                                     "after": {"name": "CRM 2", "tags": ["a"]}}})
        self.assertEqual(e["ua"], {"browser": "Chrome", "browser_version": "131.0.0",
                                   "os": "Windows", "os_version": "10",
                                   "device": {"class": "desktop"}, "engine": "Blink"})
        self.assertEqual(e["geo"]["country"], "DE")  # TU Berlin's network
        self.assertEqual(e["geo"]["region"], "Berlin")
        self.assertTrue(e["geo"]["city"])
        self.assertAlmostEqual(e["geo"]["lat"], 52.5, delta=1.5)
        self.assertEqual(e["diff"], [
            {"after": "CRM 2", "before": "CRM", "op": "changed", "path": "name"},
            {"before": "b", "op": "removed", "path": "tags[1]"}])
        phone = self.stored({"tenant": "acme", "action": "user.login",
                             "context": {"ip": "2001:67c:2e8:22::c100:68b", "user_agent": IPHONE}})
        self.assertEqual(phone["ua"]["device"], {"class": "mobile", "brand": "Apple",
                                                 "model": "iPhone"})
        self.assertEqual(phone["geo"]["country"], "NL")  # RIPE NCC, over IPv6

    def test_special_and_malformed_addresses_are_labeled_and_kept(self):
        for ip, label in [("10.1.2.3", "private"), ("127.0.0.1", "loopback"),
                          ("fe80::1", "link-local"), ("1.2.3", "invalid"),
                          ("not an ip", "invalid")]:
            e = self.stored({"tenant": "acme", "action": "user.login", "context": {"ip": ip}})
            self.assertEqual(e["context"]["ip"], ip)
            self.assertEqual(e["geo"], {"label": label}, ip)

    def test_catalog_fills_category_and_operation(self):
        e = self.stored({"tenant": "acme", "action": "user.login"})
        self.assertTrue(e["category"])
        self.assertEqual(e["operation"], "login")
        sent = self.stored({"tenant": "acme", "action": "user.login", "category": "Mine"})
        self.assertEqual(sent["category"], "Mine")  # what the client sent wins

    def test_get_catalog_groups_types_by_category(self):
        r = self.server.get("/v1/catalog", key=self.keys["acme"])
        self.assertEqual(r.status, 200, r)
        c = r.json()
        self.assertEqual((c["tenant"], c["catalog"], c["strict"], c["custom"]),
                         ("acme", "default", False, False))
        actions = [t["action"] for g in c["categories"] for t in g["types"]]
        self.assertIn("user.login", actions)
        self.assertEqual(len(actions), len(c["definition"]["events"]))
        r = self.server.get("/v1/catalog", key=self.keys["acme"], tenant="beta")
        self.assertEqual(r.status, 403, r)
        self.assertIn("bound to tenant 'acme'", r.error["message"])

    def test_strict_tenant_on_a_shipped_catalog(self):
        r = self.put_catalog({"tenant": "strict1", "catalog": "lowcoder", "strict": True})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["catalog"], r.json()["strict"]), ("lowcoder", True))
        e = self.stored({"tenant": "strict1", "action": "app.create",
                         "target": {"type": "app", "id": "a1"}})
        self.assertEqual((e["category"], e["operation"]), ("App Operations", "create"))
        r = self.post({"tenant": "strict1", "action": "app.teleport"})
        self.assertEqual(r.status, 422, r)
        self.assertIn('events[0].action: "app.teleport" is not in tenant strict1\'s event catalog '
                      '"lowcoder"', r.error["details"][0]["message"])
        r = self.post({"tenant": "strict1", "action": "user.login", "metadata": {"mfa": "yes"}})
        self.assertEqual(r.status, 422, r)
        self.assertIn("events[0].metadata.mfa:", r.error["details"][0]["message"])
        ok = self.post({"tenant": "strict1", "action": "user.login", "metadata": {"mfa": True, "auth_method": "sso"}})
        self.assertEqual(ok.status, 200, ok)
        # A non-strict tenant on the same catalog stores both.
        self.assertEqual(self.put_catalog({"tenant": "loose", "catalog": "lowcoder"}).status, 200)
        self.assertEqual(self.post({"tenant": "loose", "action": "app.teleport"}).status, 200)
        self.assertEqual(self.post({"tenant": "loose", "action": "user.login",
                                    "metadata": {"mfa": "yes"}}).status, 200)
        # The change is audited in _system (self-audit is written in the background).
        harness.wait_for(lambda: len(self.server.get(
            "/v1/events", key=self.keys["op"],
            q="tenant:_system action:audit.catalog.update target:strict1").json()["events"]) == 1,
            message="audit.catalog.update for strict1")

    def test_custom_catalog_survives_a_restart(self):
        definition = {"catalog": "doors", "title": "Doors", "events": [
            {"action": "door.open", "category": "Doors", "operation": "start",
             "description": "Open a door"}]}
        r = self.put_catalog({"definition": definition, "strict": True}, key="beta_admin")
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["tenant"], r.json()["custom"]), ("beta", True))
        self.server.restart()
        r = self.server.get("/v1/catalog", key=self.keys["beta_admin"])
        self.assertEqual((r.json()["catalog"], r.json()["strict"]), ("doors", True))
        e = self.stored({"action": "door.open"}, key="beta_admin")
        self.assertEqual(e["category"], "Doors")
        self.assertEqual(self.post({"action": "door.close"}, key="beta_admin").status, 422)

    def test_bad_catalog_changes(self):
        cases = [
            ({"tenant": "x", "catalog": "nosuch"}, 400, "nosuch"),
            ({"tenant": "x"}, 400, "nothing to change"),
            ({"tenant": "x", "colour": "red"}, 400, "body.colour: unknown field"),
            ({"tenant": "x", "strict": "yes"}, 400, "body.strict: expected true or false"),
            ({"tenant": "x", "definition": {}}, 400, "body.definition: catalog: required"),
            ({"tenant": "x", "catalog": "default", "definition": {
                "catalog": "c", "title": "C", "events": [
                    {"action": "a.b", "category": "C", "operation": "update",
                     "description": "d"}]}}, 400, "not both"),
            ({"tenant": "x", "definition": {"catalog": "c", "title": "C", "events": [
                {"action": "a.b", "category": "C", "operation": "udpate",
                 "description": "d"}]}}, 400, "udpate"),
        ]
        for body, status, fragment in cases:
            r = self.put_catalog(body)
            self.assertEqual(r.status, status, (body, r))
            self.assertIn(fragment, r.error["message"], body)
        r = self.put_catalog({"tenant": "acme", "strict": True}, key="beta_admin")
        self.assertEqual(r.status, 403, r)
        r = self.put_catalog({"tenant": "acme", "strict": True}, key="acme")
        self.assertEqual(r.status, 403, r)  # no admin scope
        r = self.server.get("/v1/catalog", key=self.keys["op"], tenant="x")
        self.assertEqual(r.json()["catalog"], "default")  # nothing was changed


if __name__ == "__main__":
    harness.main()
