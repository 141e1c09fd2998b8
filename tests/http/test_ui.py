"""The web UI as the server serves it (src/web/ui_handler.cc, docs/ui.md):
index.html for the app's pages, hashed assets cached for good, a strict
Content-Security-Policy whose frame-ancestors follows ui_frame_ancestors,
gzip for clients that accept it, ETag revalidation, HEAD, and the API
unchanged beside it. The UI itself is
tested in a browser by ui/e2e (ctest ui.e2e.*)."""
import gzip
import re
import unittest

import harness


class UiServingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(
            cls, keys={"op": {"scopes": "read"}},
            args=["--ui-frame-ancestors", "https://admin.example.com 'self'"])

    def test_app_pages_are_index_html_with_a_strict_policy(self):
        index = self.server.get("/")
        self.assertEqual(index.status, 200)
        self.assertEqual(index.header("Content-Type"), "text/html; charset=utf-8")
        self.assertEqual(index.header("Cache-Control"), "no-cache")
        self.assertEqual(index.header("X-Content-Type-Options"), "nosniff")
        csp = index.header("Content-Security-Policy")
        self.assertIn("default-src 'none'", csp)
        self.assertIn("script-src 'self';", csp)
        self.assertNotIn("unsafe", csp)
        self.assertTrue(csp.endswith("frame-ancestors https://admin.example.com 'self'"), csp)
        self.assertIn(b'<div id="app">', index.body)
        # No inline script or style: everything the page loads is a file.
        self.assertNotRegex(index.body, rb"<script(?![^>]*\bsrc=)[^>]*>")
        self.assertNotIn(b"<style", index.body)
        for path in ["/events/evt_1", "/events/a%2Fb"]:
            r = self.server.get(path)
            self.assertEqual((r.status, r.body), (200, index.body), path)

    def test_assets_have_their_types_and_hashed_ones_are_immutable(self):
        index = self.server.get("/").body.decode()
        js = re.search(r'src="(/assets/[^"]+\.js)"', index).group(1)
        css = re.search(r'href="(/assets/[^"]+\.css)"', index).group(1)
        for path, ctype in [(js, "text/javascript; charset=utf-8"), (css, "text/css; charset=utf-8")]:
            r = self.server.get(path)
            self.assertEqual(r.status, 200)
            self.assertEqual(r.header("Content-Type"), ctype)
            self.assertEqual(r.header("Cache-Control"), "public, max-age=31536000, immutable")
        icon = self.server.get("/favicon.svg")
        self.assertEqual(icon.header("Content-Type"), "image/svg+xml")
        self.assertEqual(icon.header("Cache-Control"), "no-cache")

    def test_gzip_for_clients_that_accept_it(self):
        index = self.server.get("/").body.decode()
        js = re.search(r'src="(/assets/[^"]+\.js)"', index).group(1)
        plain = self.server.get(js)
        self.assertIsNone(plain.header("Content-Encoding"))
        self.assertEqual(plain.header("Vary"), "Accept-Encoding")
        packed = self.server.get(js, headers={"Accept-Encoding": "gzip, deflate, br"})
        self.assertEqual(packed.header("Content-Encoding"), "gzip")
        self.assertEqual(packed.header("Vary"), "Accept-Encoding")
        self.assertEqual(gzip.decompress(packed.body), plain.body)
        self.assertLess(len(packed.body), len(plain.body) // 2)
        # Each representation has its own validator.
        self.assertNotEqual(packed.header("ETag"), plain.header("ETag"))
        again = self.server.get(js, headers={"Accept-Encoding": "gzip",
                                             "If-None-Match": packed.header("ETag")})
        self.assertEqual(again.status, 304)
        refused = self.server.get(js, headers={"Accept-Encoding": "gzip;q=0, identity"})
        self.assertIsNone(refused.header("Content-Encoding"))
        self.assertEqual(refused.body, plain.body)

    def test_etag_revalidation_and_head(self):
        first = self.server.get("/")
        etag = first.header("ETag")
        self.assertRegex(etag, r'^"[0-9a-f]{16}"$')
        again = self.server.get("/", headers={"If-None-Match": etag})
        self.assertEqual((again.status, again.body), (304, b""))
        head = self.server.request("HEAD", "/")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("Content-Length"), str(len(first.body)))

    def test_unknown_paths_and_methods_stay_the_apis(self):
        for path in ["/assets/missing-1234.js", "/events", "/events/a/b", "/index.htm"]:
            r = self.server.get(path)
            self.assertEqual(r.status, 404, path)
            self.assertEqual(r.error["code"], "not_found")
        self.assertEqual(self.server.request("POST", "/").status, 404)
        api = self.server.get("/v1/events", key=self.keys["op"], limit=1)
        self.assertEqual(api.status, 200)
        self.assertIsNone(api.header("Content-Security-Policy"))
        self.assertEqual(self.server.get("/v1/events").status, 401)


class UiFrameAncestorsTest(unittest.TestCase):
    def test_default_forbids_framing(self):
        server, _ = harness.start_server(self)
        csp = server.get("/").header("Content-Security-Policy")
        self.assertTrue(csp.endswith("frame-ancestors 'none'"), csp)

    def test_a_value_that_would_change_the_policy_is_refused(self):
        d = harness.new_data_dir(self)
        for bad in ["https://a.example; script-src *", "a,b", "'self'\tx"]:
            p = harness.run_vigil(["serve", "--data", d, "--listen", "127.0.0.1:0",
                                   "--ui-frame-ancestors", bad], check=False, timeout=30)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn(b"--ui-frame-ancestors: expected CSP sources", p.stderr)


if __name__ == "__main__":
    harness.main()
