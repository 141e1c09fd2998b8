#!/usr/bin/env python3
"""Download links: POST /v1/export/links, GET /v1/export/links/{id}.

Usage: test_export_links.py PATH_TO_VIGIL

A key or viewer token with the export scope asks for a link with the
parameters of GET /v1/export; fetching the link without any credential
gives exactly what GET /v1/export with those parameters and that credential
gives (same rows, same headers), and is recorded as audit.export. A link is
used up by its first GET (a second gets 404 saying links are single-use);
HEAD leaves it. Bad parameters are refused when the link is made, naming
them; a key without the export scope gets 403; a link made by a key that is
revoked before the link is used gets 401; a viewer token's link stays in its
tenant and fixed filters; an unknown link is 404. (Expiry after 60 s is
covered by src/api/export_links_test.cc, which owns the clock.)
"""
import csv
import io
import json
import unittest

import harness
import dataset


class ExportLinksTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "acme": {"scopes": "read,export", "tenant": "acme"},
            "reader": {"scopes": "read", "tenant": "acme"},
        }, prefix="export-links-")
        cls.server.ingest(cls.keys["op"], dataset.events("acme", 60) + dataset.events("beta", 30))
        cls.range = {"from": dataset.FROM, "to": dataset.TO}

    def setUp(self):
        self.s = self.server

    def make_link(self, key, **params):
        r = self.s.request("POST", "/v1/export/links", key=key, params=params)
        self.assertEqual(r.status, 201, r)
        body = r.json()
        self.assertEqual(set(body), {"url", "expires_at"})
        self.assertRegex(body["url"], r"^/v1/export/links/dl_[A-Za-z0-9_-]{43}$")
        return body["url"]

    def test_link_gives_the_export_once_without_credentials(self):
        params = dict(q="status:error -action:audit.*", format="csv", **self.range)
        want = self.s.get("/v1/export", key=self.keys["acme"], **params)
        self.assertEqual(want.status, 200, want)
        url = self.make_link(self.keys["acme"], **params)
        got = self.s.get(url)  # no Authorization header
        self.assertEqual(got.status, 200, got)
        self.assertEqual(got.body, want.body)
        self.assertTrue(got.header("Content-Type").startswith("text/csv"))
        self.assertRegex(got.header("Content-Disposition"),
                         r'^attachment; filename="vigil-acme-\d{4}-\d\d-\d\d\.csv"$')
        rows = list(csv.DictReader(io.StringIO(got.body.decode(), newline="")))
        self.assertTrue(rows)
        self.assertTrue(all(r["status"] == "error" and r["tenant"] == "acme" for r in rows))

        again = self.s.get(url)
        self.assertEqual(again.status, 404, again)
        self.assertIn("single-use", again.error["message"])

    def test_use_is_recorded_as_an_export(self):
        url = self.make_link(self.keys["acme"], q="action:doc.*", **self.range)
        r = self.s.get(url, headers={"User-Agent": "link-test/1"})
        self.assertEqual(r.status, 200, r)
        rows = [json.loads(line) for line in r.body.decode().splitlines()]
        recorded = harness.wait_for(lambda: [
            e for e in self.s.search_all(self.keys["acme"], "action:audit.export")
            if e.get("context", {}).get("user_agent") == "link-test/1"],
            message="audit.export of the link's use")
        self.assertEqual(recorded[0]["metadata"]["rows"], len(rows))
        self.assertEqual(recorded[0]["metadata"]["query"], "action:doc.*")

    def test_head_leaves_the_link(self):
        url = self.make_link(self.keys["acme"], **self.range)
        head = self.s.request("HEAD", url)
        self.assertEqual(head.status, 200, head)
        self.assertEqual(head.header("Content-Type"), "application/x-ndjson")
        self.assertEqual(self.s.get(url).status, 200)
        self.assertEqual(self.s.request("HEAD", url).status, 404)

    def test_bad_parameters_are_refused_when_the_link_is_made(self):
        for params, names in [({"format": "xml"}, "format"), ({"q": "status:("}, "q:"),
                              ({"proofs": "maybe"}, "proofs"),
                              ({"format": "csv", "proofs": "true"}, "proofs"),
                              ({"tenant": "beta"}, "tenant")]:
            with self.subTest(params=params):
                r = self.s.request("POST", "/v1/export/links", key=self.keys["acme"],
                                   params=params)
                self.assertIn(r.status, (400, 403), r)
                self.assertIn(names, r.error["message"])

    def test_needs_the_export_scope(self):
        r = self.s.request("POST", "/v1/export/links", key=self.keys["reader"])
        self.assertEqual(r.status, 403, r)
        self.assertIn("export scope", r.error["message"])
        self.assertEqual(self.s.request("POST", "/v1/export/links").status, 401)

    def test_revoked_key_makes_its_links_fail(self):
        op = self.keys["op"]
        made = self.s.request("POST", "/v1/keys", key=op,
                              body={"name": "short", "scopes": ["export"], "tenant": "acme"})
        self.assertEqual(made.status, 201, made)
        secret, key_id = made.json()["secret"], made.json()["key"]["id"]
        url = self.make_link(secret, **self.range)
        self.assertEqual(self.s.request("DELETE", f"/v1/keys/{key_id}", key=op).status, 200)
        r = self.s.get(url)
        self.assertEqual(r.status, 401, r)
        self.assertIn("no longer holds", r.error["message"])
        self.assertIn("revoked", r.error["message"])

    def test_viewer_token_link_stays_in_its_tenant_and_filters(self):
        token = self.s.mint_token(self.keys["acme"], tenant="acme", workspace="ws_1",
                                  scopes=["read", "export"])
        url = self.make_link(token, **self.range)
        rows = [json.loads(line) for line in self.s.get(url).body.decode().splitlines()]
        self.assertTrue(rows)
        self.assertTrue(all(e["tenant"] == "acme" and e["workspace"]["id"] == "ws_1"
                            for e in rows))
        r = self.s.request("POST", "/v1/export/links", key=token, params={"tenant": "beta"})
        self.assertEqual(r.status, 403, r)

    def test_unknown_links(self):
        for path in ("/v1/export/links/dl_" + "A" * 43, "/v1/export/links/x"):
            with self.subTest(path=path):
                r = self.s.get(path)
                self.assertEqual(r.status, 404, r)
                self.assertIn("no such download link", r.error["message"])


if __name__ == "__main__":
    harness.main()
