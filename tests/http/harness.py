"""Harness for the HTTP end-to-end tests: the real `vigil serve` over loopback.

Each test file is run as `python3 test_x.py PATH_TO_VIGIL [unittest args]`.
Data directories live under $VIGIL_TEST_TMPDIR (else the system temp dir) and
are removed after the test unless VIGIL_TEST_KEEP=1.

    data = harness.new_data_dir(self)
    keys = harness.create_keys(data, {"op": {"scopes": "ingest,read,export,admin"},
                                      "a": {"scopes": "ingest,read", "tenant": "acme"}})
    server = harness.Server(data).start()
    r = server.get("/v1/events", key=keys["a"], q="status:error", limit=5)
    server.stop()          # SIGTERM; asserts exit 0 and "stopped cleanly"

Servers started here get `--rate-ingest 0 --rate-read 0` (no per-key limits)
unless the test passes its own rate flags: most tests send requests faster
than the default limits would allow and are not about rate limiting.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

VIGIL = None
VERBOSE = os.environ.get("VIGIL_TEST_VERBOSE") == "1"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

_LISTENING = re.compile(rb"Vigil is listening on (https?)://([^ :]+|\[[^\]]+\]):(\d+)")
_live_servers = set()


def main():
    """Takes the vigil binary from argv[1], then runs unittest.main."""
    import unittest
    global VIGIL
    if len(sys.argv) < 2:
        sys.exit(f"usage: {sys.argv[0]} PATH_TO_VIGIL [unittest options]")
    VIGIL = os.path.abspath(sys.argv.pop(1))
    if not os.access(VIGIL, os.X_OK):
        sys.exit(f"{VIGIL}: not an executable")
    try:
        unittest.main(verbosity=2)
    finally:
        for s in list(_live_servers):
            s.kill()


# ---------------------------------------------------------------- temp dirs

def tmp_root():
    root = os.environ.get("VIGIL_TEST_TMPDIR") or tempfile.gettempdir()
    os.makedirs(root, exist_ok=True)
    return root


def new_tmp_dir(prefix="http-"):
    return tempfile.mkdtemp(prefix=prefix, dir=tmp_root())


def _remove(path):
    if os.environ.get("VIGIL_TEST_KEEP") != "1":
        shutil.rmtree(path, ignore_errors=True)


def new_data_dir(test, prefix="http-"):
    """A fresh directory (removed at the end of `test`, a TestCase or its class);
    returns DIR/data, which does not exist yet."""
    d = new_tmp_dir(prefix)
    if isinstance(test, type):
        test.addClassCleanup(_remove, d)
    else:
        test.addCleanup(_remove, d)
    return os.path.join(d, "data")


# ---------------------------------------------------------------- the CLI

def run_vigil(args, data=None, stdin=None, env=None, check=True, timeout=120):
    cmd = [VIGIL]
    if data is not None:
        cmd += ["--data", data]
    cmd += list(args)
    p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout, env=env)
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p


class Key:
    """An API key made by `vigil keys create --json`: .secret, .id, .info."""

    def __init__(self, secret, info):
        self.secret = secret
        self.id = info["id"]
        self.info = info

    def __repr__(self):
        return f"Key({self.id} {self.info.get('name')})"


def create_key(data, name, scopes, tenant=None, environments=None):
    args = ["keys", "create", "--name", name, "--scopes", scopes, "--json"]
    if tenant:
        args += ["--tenant", tenant]
    if environments:
        args += ["--environments", environments]
    out = json.loads(run_vigil(args, data).stdout)
    return Key(out["secret"], out["key"])


def create_keys(data, specs):
    """specs: {label: {"scopes": "...", "tenant": ..., "environments": ...}} → {label: Key}."""
    return {label: create_key(data, label, **spec) for label, spec in specs.items()}


# ---------------------------------------------------------------- HTTP

class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # http.client.HTTPMessage (case-insensitive get)
        self.body = body

    def header(self, name):
        return self.headers.get(name)

    def json(self):
        return json.loads(self.body)

    @property
    def error(self):
        """The {"status","code","message",…} object of an error response."""
        return self.json()["error"]

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


def bearer(key):
    if key is None:
        return {}
    secret = key.secret if isinstance(key, Key) else key
    return {"Authorization": f"Bearer {secret}"}


def wait_for(predicate, timeout=15.0, interval=0.05, message="condition"):
    """Polls predicate() until it returns a true value (returned), else fails."""
    deadline = time.monotonic() + timeout
    while True:
        v = predicate()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)


class Server:
    """One `vigil serve` process on 127.0.0.1, port 0."""

    def __init__(self, data, args=(), env=None, tls_ca=None, default_rates=True):
        self.data = data
        self.args = list(args)
        if default_rates:
            joined = " ".join(self.args)
            if "--rate-ingest" not in joined:
                self.args += ["--rate-ingest", "0"]
            if "--rate-read" not in joined:
                self.args += ["--rate-read", "0"]
        # The datasets have fixed dates: a 100-year online window keeps them
        # in default reads on any day the tests run (test_retention sets its own).
        if "--retention-online" not in self.args and not (
                env and "VIGIL_RETENTION_ONLINE" in env):
            self.args += ["--retention-online", "36500d"]
        self.env = env
        self.tls_ca = tls_ca  # path of a CA file: talk HTTPS
        self.proc = None
        self.port = None
        self.scheme = None
        self.log_dir = os.path.dirname(os.path.abspath(data))
        self.starts = 0

    # -- lifecycle

    def start(self, timeout=30):
        assert self.proc is None, "already running"
        self.starts += 1
        self.stdout_path = os.path.join(self.log_dir, f"serve-{self.starts}.out")
        self.stderr_path = os.path.join(self.log_dir, f"serve-{self.starts}.err")
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("VIGIL_") and k != "VIGIL_TEST_TMPDIR":
                del env[k]
        if self.env:
            env.update(self.env)
        cmd = [VIGIL, "serve", "--data", self.data, "--listen", "127.0.0.1:0", *self.args]
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                         env=env)
        _live_servers.add(self)
        deadline = time.monotonic() + timeout
        while True:
            with open(self.stdout_path, "rb") as f:
                m = _LISTENING.search(f.read())
            if m:
                self.scheme = m.group(1).decode()
                self.port = int(m.group(3))
                return self
            if self.proc.poll() is not None:
                _live_servers.discard(self)
                rc, self.proc = self.proc.returncode, None
                raise AssertionError(f"{cmd} exited {rc} before listening: {self.stderr()}")
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"{cmd} did not print its URL within {timeout} s")
            time.sleep(0.02)

    def stderr(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=40):
        """SIGTERM; checks the exit status 0 and 'stopped cleanly'. Returns seconds taken."""
        assert self.proc is not None, "not running"
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"vigil serve did not stop within {timeout} s of SIGTERM: "
                                 f"{self.stderr()}")
        took = time.monotonic() - t0
        self.proc = None
        _live_servers.discard(self)
        err = self.stderr()
        if rc != 0 or "stopped cleanly" not in err:
            raise AssertionError(f"vigil serve exited {rc} after SIGTERM: {err}")
        return took

    def kill(self):
        """SIGKILL (no cleanup, as a crash). Safe to call when not running."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)
            self.proc = None
        _live_servers.discard(self)

    def restart(self):
        if self.running():
            self.stop()
        return self.start()

    # -- HTTP

    @property
    def base(self):
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def ssl_context(self):
        ctx = ssl.create_default_context(cafile=self.tls_ca)
        return ctx

    def connection(self, timeout=60):
        if self.scheme == "https":
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout,
                                               context=self.ssl_context())
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, params=None, body=None, headers=None, key=None,
                content_type=None, timeout=60):
        """One request on a new connection. body: bytes, str, or a JSON-able value
        (sent as application/json unless content_type says otherwise)."""
        url = path
        if params:
            url += ("&" if "?" in path else "?") + urllib.parse.urlencode(params)
        h = dict(bearer(key))
        if body is not None and not isinstance(body, (bytes, bytearray)):
            if isinstance(body, str):
                body = body.encode()
            else:
                body = json.dumps(body).encode()
                if content_type is None:
                    content_type = "application/json"
        if content_type is not None:
            h["Content-Type"] = content_type
        if headers:
            h.update(headers)
        conn = self.connection(timeout)
        try:
            conn.request(method, url, body=body, headers=h)
            r = conn.getresponse()
            return Response(r.status, r.reason, r.headers, r.read())
        finally:
            conn.close()

    def get(self, path, key=None, headers=None, **params):
        return self.request("GET", path, params=params or None, key=key, headers=headers)

    def post_events(self, key, events, content_type="application/json", headers=None):
        """events: a list/dict (JSON-encoded) or raw bytes."""
        return self.request("POST", "/v1/events", body=events, key=key,
                            content_type=content_type, headers=headers)

    def ingest(self, key, events):
        """POST that must succeed; returns the IngestResult."""
        r = self.post_events(key, events)
        if r.status != 200:
            raise AssertionError(f"ingest failed: {r}")
        return r.json()

    def mint_token(self, key, **body):
        r = self.request("POST", "/v1/viewer-tokens", body=body, key=key)
        if r.status != 201:
            raise AssertionError(f"mint failed: {r}")
        return r.json()["token"]

    def search_all(self, key, q="", **params):
        """Every page of a search (oldest first); returns the events."""
        out, cursor = [], None
        while True:
            p = dict(params, q=q, limit=1000, order="oldest")
            if cursor:
                p["cursor"] = cursor
            r = self.get("/v1/events", key=key, **p)
            if r.status != 200:
                raise AssertionError(f"search failed: {r}")
            page = r.json()
            out += page["events"]
            cursor = page["next_cursor"]
            if not cursor:
                return out

    def export(self, key, q="", fmt="ndjson", **params):
        r = self.get("/v1/export", key=key, q=q, format=fmt, **params)
        if r.status != 200:
            raise AssertionError(f"export failed: {r}")
        if fmt == "ndjson":
            return [json.loads(l) for l in r.body.decode().splitlines() if l]
        return r.body.decode()

    def raw_socket(self, timeout=10):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        if self.scheme == "https":
            s = self.ssl_context().wrap_socket(s, server_hostname="127.0.0.1")
        return s

    def stream(self, key, headers=None, **params):
        return SseStream(self, key, params, headers)


def start_server(test, keys=None, args=(), env=None, prefix="http-", **kw):
    """New data dir + offline keys + started server, stopped (cleanly, checked) at
    the end of `test` (a TestCase, or a class in setUpClass). Returns (server, keys)."""
    data = new_data_dir(test, prefix)
    made = create_keys(data, keys or {})
    server = Server(data, args=args, env=env, **kw).start()

    def cleanup():
        if server.running():
            server.stop()
    if isinstance(test, type):
        test.addClassCleanup(cleanup)
    else:
        test.addCleanup(cleanup)
    return server, made


# ---------------------------------------------------------------- live tail

class SseStream:
    """GET /v1/stream on its own socket, read on a background thread; .events
    holds (id, event-name, data-dict) tuples as they arrive, .comments the
    comment lines (": tail open", ": keep-alive"), .last_id the last event
    id as EventSource keeps it (set by any dispatched block, with or without
    data)."""

    def __init__(self, server, key, params, headers=None):
        url = "/v1/stream"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        self.sock = server.raw_socket(timeout=120)
        head = f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for name, value in {**bearer(key), **(headers or {})}.items():
            head += f"{name}: {value}\r\n"
        self.sock.sendall((head + "\r\n").encode())
        self.file = self.sock.makefile("rb")
        status_line = self.file.readline().decode()
        self.status = int(status_line.split()[1])
        self.headers = {}
        while True:
            line = self.file.readline().decode().rstrip("\r\n")
            if not line:
                break
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        self.events = []
        self.comments = []
        self.last_id = None
        self.closed = False
        self.body = b""
        self._cv = threading.Condition()
        if self.status == 200:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        else:
            n = int(self.headers.get("content-length", "0"))
            self.body = self.file.read(n)
            self.closed = True
            self.close()

    def _chunks(self):
        chunked = self.headers.get("transfer-encoding", "").lower() == "chunked"
        while True:
            if not chunked:
                data = self.file.read1(65536)
                if not data:
                    return
                yield data
                continue
            size = int(self.file.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                return
            data = self.file.read(size)
            self.file.readline()
            if len(data) < size:
                return
            yield data

    def _run(self):
        ev, pending = {}, b""
        try:
            for data in self._chunks():
                pending += data
                while b"\n" in pending:
                    raw, pending = pending.split(b"\n", 1)
                    line = raw.decode().rstrip("\r")
                    with self._cv:
                        if line == "":
                            if "id" in ev:
                                self.last_id = ev["id"]
                            if "data" in ev:
                                self.events.append((ev.get("id"), ev.get("event"),
                                                    json.loads(ev["data"])))
                            ev = {}
                            self._cv.notify_all()
                        elif line.startswith(":"):
                            self.comments.append(line[1:].strip())
                            self._cv.notify_all()
                        else:
                            name, _, value = line.partition(":")
                            ev[name] = value[1:] if value.startswith(" ") else value
        except (OSError, ValueError):
            pass
        finally:
            with self._cv:
                self.closed = True
                self._cv.notify_all()

    def data(self):
        with self._cv:
            return [d for _, _, d in self.events]

    def ids(self):
        return [d["id"] for d in self.data()]

    def wait(self, predicate, timeout=15.0, message="stream condition"):
        deadline = time.monotonic() + timeout
        with self._cv:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {message}; got "
                                         f"{[d.get('id') for _, _, d in self.events]}")
                self._cv.wait(left)

    def wait_open(self, timeout=10):
        self.wait(lambda s: "tail open" in s.comments or s.closed, timeout, "': tail open'")

    def wait_closed(self, timeout=15):
        self.wait(lambda s: s.closed, timeout, "the server to end the stream")

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


# ---------------------------------------------------------------- viewer tokens

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def token_claims(token):
    return json.loads(b64url_decode(token.split(".")[1]))


def sign_token(secret, claims):
    """A viewer token (docs/auth.md 'Format, byte for byte') for `claims`,
    signed with `secret` (the 32 bytes of DIR/auth/viewer-token.key)."""
    body = "vt." + b64url(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(secret, body.encode(), hashlib.sha256).digest()
    return body + "." + b64url(mac)


def token_secret(data):
    with open(os.path.join(data, "auth", "viewer-token.key"), "rb") as f:
        return f.read()


def now_ms():
    return int(time.time() * 1000)
