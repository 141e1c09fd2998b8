#!/usr/bin/env python3
"""Golden request/response pairs: the API's observable behaviour pinned in
files (tests/http/golden/*.json), compared after volatile values are
replaced by placeholders.

Usage: test_golden.py PATH_TO_VIGIL [--update] [unittest options]

With --update the response half of every case file is rewritten from what
the server answers (review the diff before committing it). See README.md.

Each case runs on its own copy of one prepared data directory: the keys of
CREDENTIALS, the events of golden/dataset.ndjson (fixed ids and times,
ingested in file order, so seqs are fixed), a viewer token, self-audit off.
A case is {"description", "steps": [{"request": …, "response": …}, …]}:

  request:  method, path, params (list of [name, value]), credential (a
            label of CREDENTIALS, or absent), headers, and body (JSON) or
            body_text (sent as is) with content_type.
            "{{prev:a.b.0.c}}" anywhere in params, path or body is replaced
            by that member of the previous step's JSON response.
  response: status, headers (only those in COMPARED_HEADERS), and body
            (JSON), body_ndjson (a list, one JSON value per line),
            body_csv (a list of rows) or body_text.

Placeholders: received_at, created_at, revoked_at, expires_at → "<time>";
secret → "<secret>"; token → "<token>"; token_id → "<token_id>"; a
non-null next_cursor → "<cursor>"; API key ids → "<key:LABEL>" (or
"<key:new>" for keys made during the case); server-made ULIDs → "<ulid>";
the date in an export's file name → "<date>"; a seal key (random per event)
→ "<seal-key>"; ledger hashes (leaf_hash, root, root_from, root_to and each
hash of a proof: they cover received_at and seal keys) → "<hash>"; a
checkpoint note → its lines with the size kept and "<origin>", "<hash>",
"<signature>" for the rest; origin → "<origin>" (the default origin names
the host); verifier_key → "<verifier-key>".
"""
import csv
import io
import json
import os
import re
import shutil
import sys
import unittest
import urllib.parse

import harness

GOLDEN = os.path.join(harness.HERE, "golden")
UPDATE = False

CREDENTIALS = {
    "op": {"scopes": "ingest,read,export,admin"},
    "acme": {"scopes": "ingest,read,export", "tenant": "acme"},
    "acme_admin": {"scopes": "admin,read", "tenant": "acme"},
    "beta": {"scopes": "ingest,read,export", "tenant": "beta"},
}
# Viewer tokens minted once on the prepared directory: label → (minting key, body).
TOKENS = {
    "acme_token_ws1": ("acme", {"tenant": "acme", "workspace": "ws_1", "scopes": ["read"],
                                "ttl_seconds": 3600}),
}
COMPARED_HEADERS = ["Content-Type", "Content-Disposition", "Cache-Control", "WWW-Authenticate",
                    "Retry-After", "Allow", "Access-Control-Allow-Origin"]
TIME_KEYS = {"received_at", "created_at", "revoked_at", "expires_at"}
HASH_KEYS = {"leaf_hash", "root", "root_from", "root_to"}
ULID = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{26}\b")
KEY_ID = re.compile(r"\bkey_[0-9a-z]{16}\b")
TOKEN_ID = re.compile(r"\btok_[0-9a-z]{16}\b")


class Normalizer:
    def __init__(self, key_labels):
        self.key_labels = key_labels  # key id → label

    def text(self, s):
        s = KEY_ID.sub(lambda m: f"<key:{self.key_labels.get(m.group(0), 'new')}>", s)
        s = TOKEN_ID.sub("<token_id>", s)
        return ULID.sub("<ulid>", s)

    def json(self, v, key=None):
        if isinstance(v, dict):
            if key == "seal" and "key" in v:  # random per event (ledger seal key)
                v = dict(v, key="<seal-key>")
            return {k: self.json(x, k) for k, x in v.items()}
        if isinstance(v, list):
            if key == "proof":
                return ["<hash>" for _ in v]
            return [self.json(x) for x in v]
        if isinstance(v, str):
            if key in TIME_KEYS:
                return "<time>"
            if key in HASH_KEYS:
                return "<hash>"
            if key == "checkpoint":
                return self.note(v)
            if key == "origin":
                return "<origin>"
            if key == "verifier_key":
                return "<verifier-key>"
            if key == "secret":
                return "<secret>"
            if key == "token":
                return "<token>"
            if key == "next_cursor":
                return "<cursor>"
            return self.text(v)
        return v

    def note(self, text):
        """A checkpoint note without its random parts: origin, root, signature."""
        m = re.fullmatch(r"([^\n]+)\n(\d+)\n[A-Za-z0-9+/]{43}=\n\n\u2014 \1 [A-Za-z0-9+/]{91}=\n",
                         text)
        if m is None:
            return text
        return f"<origin>\n{m.group(2)}\n<hash>\n\n\u2014 <origin> <signature>\n"

    def header(self, name, value):
        if name == "Content-Disposition":
            value = re.sub(r"\d{4}-\d\d-\d\d", "<date>", value)
        return value

    def csv_rows(self, text):
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if not rows:
            return rows
        header = rows[0]
        out = [header]
        for row in rows[1:]:
            out.append([("<time>" if header[i] in TIME_KEYS and cell
                         else "<seal-key>" if header[i] == "seal.key" and cell
                         else self.text(cell))
                        for i, cell in enumerate(row)])
        return out


def lookup(value, path):
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def substitute(obj, prev):
    if isinstance(obj, str):
        return re.sub(r"\{\{prev:([^}]+)\}\}", lambda m: str(lookup(prev, m.group(1))), obj)
    if isinstance(obj, list):
        return [substitute(x, prev) for x in obj]
    if isinstance(obj, dict):
        return {k: substitute(x, prev) for k, x in obj.items()}
    return obj


class GoldenTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.root = harness.new_tmp_dir("golden-")
        cls.addClassCleanup(shutil.rmtree, cls.root, True)
        cls.template = os.path.join(cls.root, "template")
        cls.keys = harness.create_keys(cls.template, CREDENTIALS)
        server = harness.Server(cls.template, args=["--self-audit=false"]).start()
        try:
            with open(os.path.join(GOLDEN, "dataset.ndjson"), "rb") as f:
                r = server.post_events(cls.keys["op"], f.read(),
                                       content_type="application/x-ndjson")
            assert r.status == 200, r
            cls.tokens = {label: server.mint_token(cls.keys[k], **body)
                          for label, (k, body) in TOKENS.items()}
        finally:
            server.stop()
        cls.norm = Normalizer({k.id: label for label, k in cls.keys.items()})
        cls.copies = 0

    def fresh_server(self):
        type(self).copies += 1
        d = os.path.join(self.root, f"case-{self.copies}")
        shutil.copytree(self.template, os.path.join(d, "data"))
        server = harness.Server(os.path.join(d, "data"), args=["--self-audit=false"]).start()
        self.addCleanup(lambda: server.stop() if server.running() else None)
        return server

    def credential(self, label):
        if label is None:
            return None
        if label in self.tokens:
            return self.tokens[label]
        return self.keys[label]

    def send(self, server, req, prev):
        req = substitute(req, prev)
        params = req.get("params")
        path = req["path"]
        if params:
            path += "?" + "&".join(f"{urllib.parse.quote(k)}="
                                   f"{urllib.parse.quote(v, safe='')}" for k, v in params)
        body, ctype = None, req.get("content_type")
        if "body" in req:
            body = json.dumps(req["body"]).encode()
            ctype = ctype or "application/json"
        elif "body_text" in req:
            body = req["body_text"].encode()
        return server.request(req.get("method", "GET"), path, body=body, content_type=ctype,
                              key=self.credential(req.get("credential")),
                              headers=req.get("headers"))

    def observed(self, r):
        out = {"status": r.status}
        headers = {}
        for name in COMPARED_HEADERS:
            v = r.header(name)
            if v is not None:
                headers[name] = self.norm.header(name, v)
        out["headers"] = headers
        ctype = (r.header("Content-Type") or "").split(";")[0]
        text = r.body.decode()
        if ctype == "application/json":
            out["body"] = self.norm.json(json.loads(text))
        elif ctype == "application/x-ndjson":
            out["body_ndjson"] = [self.norm.json(json.loads(l)) for l in text.splitlines() if l]
        elif ctype == "text/csv":
            out["body_csv"] = self.norm.csv_rows(text)
        elif text:
            out["body_text"] = self.norm.text(text)
        return out

    def run_case(self, name):
        path = os.path.join(GOLDEN, name)
        with open(path) as f:
            case = json.load(f)
        server = self.fresh_server()
        prev = None
        for i, step in enumerate(case["steps"]):
            r = self.send(server, step["request"], prev)
            got = self.observed(r)
            prev = json.loads(r.body) if got.get("body") is not None else None
            if UPDATE:
                step["response"] = got
            else:
                self.assertIn("response", step,
                              f"{name} step {i}: no response recorded; run with --update")
                self.assertEqual(got, step["response"], f"{name} step {i}")
        if UPDATE:
            with open(path, "w") as f:
                json.dump(case, f, indent=2, ensure_ascii=False)
                f.write("\n")


def _add_cases():
    names = sorted(n for n in os.listdir(GOLDEN) if n.endswith(".json"))
    for name in names:
        def test(self, name=name):
            self.run_case(name)
        setattr(GoldenTest, "test_" + name[:-5].replace("-", "_"), test)

    def test_every_case_file_is_a_test(self):
        self.assertGreater(len(names), 20)
    GoldenTest.test_every_case_file_is_a_test = test_every_case_file_is_a_test


_add_cases()

if __name__ == "__main__":
    if "--update" in sys.argv:
        sys.argv.remove("--update")
        UPDATE = True
    harness.main()
