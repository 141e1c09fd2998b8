#!/usr/bin/env python3
"""`vigil ua` on real User-Agent strings, against uap-core's own reference
implementation (npm uap-ref-impl, run with node on the same regexes.yaml).

Usage: ua_reference_test.py PATH_TO_VIGIL NODE_MODULES_DIR

  - tests/enrich/user_agents.tsv: desktop and mobile browsers, tablets,
    in-app webviews, bots, curl and SDKs, TVs and consoles. ua, os and device
    must equal the reference's; class, engine and webview (Vigil's rules,
    docs/enrichment.md) the table's columns.
  - every distinct agent of 3,000 `vigil gen` events: ua, os and device equal
    the reference's.
  - a missing or broken regexes file: exit status 4 or 2 with a message
    naming it, nothing on stdout.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

VIGIL = None
NODE_MODULES = None
HERE = os.path.dirname(os.path.abspath(__file__))


def regexes():
    return os.path.join(NODE_MODULES, "uap-core", "regexes.yaml")


def vigil_ua(agents, *args):
    p = subprocess.run([VIGIL, "ua", "--regexes", regexes(), *args],
                       input="".join(a + "\n" for a in agents).encode(),
                       capture_output=True, timeout=120)
    if p.returncode != 0:
        raise AssertionError(f"vigil ua exited {p.returncode}: {p.stderr.decode()}")
    return [json.loads(line) for line in p.stdout.decode().splitlines()]


def reference(agents):
    env = dict(os.environ, NODE_PATH=NODE_MODULES)
    p = subprocess.run(["node", os.path.join(HERE, "uap_reference.js"), regexes()],
                       input="".join(a + "\n" for a in agents).encode(),
                       capture_output=True, timeout=120, env=env, check=True)
    return [json.loads(line) for line in p.stdout.decode().splitlines()]


def table():
    rows = []
    with open(os.path.join(HERE, "user_agents.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cls, engine, webview, agent = line.rstrip("\n").split("\t")
            none = lambda v: None if v == "-" else v  # noqa: E731
            rows.append((agent, none(cls), none(engine), none(webview)))
    return rows


class UaTest(unittest.TestCase):
    maxDiff = None

    def assertSameAsReference(self, agents):
        got = vigil_ua(agents)
        want = reference(agents)
        self.assertEqual(len(got), len(agents))
        self.assertEqual(len(want), len(agents))
        for agent, g, w in zip(agents, got, want):
            self.assertEqual({k: g[k] for k in ("ua", "os", "device")}, w, agent)
        return got

    def test_table_of_real_agents(self):
        rows = table()
        self.assertGreaterEqual(len(rows), 35)
        got = self.assertSameAsReference([r[0] for r in rows])
        for (agent, cls, engine, webview), g in zip(rows, got):
            self.assertEqual((g["class"], g["engine"], g["webview"]), (cls, engine, webview), agent)
            self.assertEqual(list(g), ["ua", "os", "device", "class", "engine", "webview"])
        # A few families spelled out, so that a reference gone wrong shows too.
        by_agent = dict(zip([r[0] for r in rows], got))
        self.assertEqual(by_agent["curl/8.4.0"]["ua"],
                         {"family": "curl", "major": "8", "minor": "4", "patch": "0"})
        iphone = by_agent[rows[10][0]]
        self.assertEqual(iphone["os"]["family"], "iOS")
        self.assertEqual(iphone["device"], {"family": "iPhone", "brand": "Apple", "model": "iPhone"})

    def test_every_agent_vigil_gen_draws(self):
        p = subprocess.run([VIGIL, "gen", "3000", "--seed", "5"], capture_output=True,
                           timeout=120, check=True)
        agents = sorted({json.loads(line).get("context", {}).get("user_agent", "")
                         for line in p.stdout.decode().splitlines()} - {""})
        self.assertGreater(len(agents), 5)
        self.assertSameAsReference(agents)

    def test_files_and_empty_lines(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("curl/8.4.0\r\n\nWget/1.21.3\n")
        self.addCleanup(os.remove, f.name)
        p = subprocess.run([VIGIL, "ua", "--regexes", regexes(), f.name], capture_output=True,
                           timeout=60, check=True)
        lines = [json.loads(line) for line in p.stdout.decode().splitlines()]
        self.assertEqual([line["ua"]["family"] for line in lines], ["curl", "Other", "Wget"])

    def test_missing_or_broken_regexes(self):
        p = subprocess.run([VIGIL, "ua", "--regexes", "/nonexistent/regexes.yaml"],
                           input=b"curl/8.4.0\n", capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertEqual(p.stdout, b"")
        self.assertIn(b"/nonexistent/regexes.yaml: cannot read the user-agent regexes",
                      p.stderr)
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write("user_agent_parsers:\n  - regex: '(unclosed'\nos_parsers: []\n"
                    "device_parsers: []\n")
        self.addCleanup(os.remove, f.name)
        p = subprocess.run([VIGIL, "ua", "--regexes", f.name], input=b"x\n",
                           capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(f"{f.name}: user_agent_parsers[0]: RE2 rejects the regex".encode(),
                      p.stderr)


if __name__ == "__main__":
    VIGIL, NODE_MODULES = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
