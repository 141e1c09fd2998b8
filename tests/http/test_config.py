#!/usr/bin/env python3
"""`vigil serve` configuration: file, environment and flags, their precedence,
--print-config, errors — and that the running server really applies them.

Usage: test_config.py PATH_TO_VIGIL

Covers: --print-config names each value's origin (default, file:line, env,
flag); precedence flags > environment > file > defaults for every pair;
VIGIL_CONFIG names the file; an empty environment variable counts as unset;
--print-config output is itself a valid config file; a started server obeys
the file (max_body → 413), the environment (max_header → 431) and the flag
over both; bad config files exit 2 naming file:line (unknown setting with a
suggestion, repeated key, bad value, YAML syntax), bad environment values
and flags are named, cross-setting checks (TLS pair, max_decoded_body ≥
max_body, missing TLS file), a missing config file, a port already in use;
a misspelt VIGIL_* variable is warned about.
"""
import os
import re
import shutil
import socket
import subprocess
import unittest

import harness


def serve(args, env=None, timeout=30):
    e = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    e.update(env or {})
    return subprocess.run([harness.VIGIL, "serve", *args], capture_output=True, timeout=timeout,
                          env=e)


def parse_print_config(text):
    """{key: (value, origin)} from --print-config output."""
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        m = re.match(r"^(\w+): (.*?)\s+# (.*)$", line)
        assert m, f"unexpected line {line!r}"
        out[m.group(1)] = (m.group(2), m.group(3))
    return out


class ConfigTest(unittest.TestCase):
    def setUp(self):
        self.dir = harness.new_tmp_dir("config-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def print_config(self, args=(), env=None):
        p = serve([*args, "--print-config"], env)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.decode()

    def test_print_config_shows_origins(self):
        cfg = self.write("vigil.yaml", "# a comment\nlisten: 127.0.0.1:9001\n\nmax_body: 2MiB\n"
                                       "idle_timeout: 2m\nrate_read: 50\n")
        text = self.print_config(["--config", cfg, "--idle-timeout", "4m"],
                                 {"VIGIL_MAX_BODY": "3MiB", "VIGIL_RATE_READ": "",
                                  "VIGIL_HEADER_TIMEOUT": "5s"})
        self.assertIn("# precedence: flags > environment variables > config file > defaults", text)
        self.assertIn(f"# config file: {cfg} (named by --config)", text)
        got = parse_print_config(text)
        self.assertEqual(got["listen"], ("127.0.0.1:9001", f"file {cfg}:2"))
        self.assertEqual(got["max_body"], ("3MiB", "env VIGIL_MAX_BODY"))
        self.assertEqual(got["header_timeout"], ("5s", "env VIGIL_HEADER_TIMEOUT"))
        self.assertEqual(got["idle_timeout"], ("4m", "flag --idle-timeout"))
        # An empty variable counts as unset: the file's value stays.
        self.assertEqual(got["rate_read"], ("50", f"file {cfg}:6"))
        self.assertEqual(got["max_connections"], ("512", "default"))
        self.assertEqual(got["self_audit"], ("true", "default"))
        # Every setting of docs/configuration.md is listed.
        for key in ["listen", "data", "tls_cert", "tls_key", "max_body", "max_decoded_body",
                    "max_header", "max_connections", "header_timeout", "body_timeout",
                    "idle_timeout", "write_timeout", "rate_ingest", "rate_ingest_burst",
                    "rate_read", "rate_read_burst", "self_audit", "demo", "log_level"]:
            self.assertIn(key, got)

    def test_precedence_for_every_pair(self):
        cfg = self.write("p.yaml", "max_connections: 10\nmax_header: 10KiB\nbody_timeout: 10s\n")
        env = {"VIGIL_MAX_CONNECTIONS": "20", "VIGIL_MAX_HEADER": "20KiB",
               "VIGIL_WRITE_TIMEOUT": "20s"}
        got = parse_print_config(self.print_config(
            ["--config", cfg, "--max-connections", "30", "--write-timeout", "30s",
             "--body-timeout", "30s"], env))
        self.assertEqual(got["max_connections"][0], "30")  # flag > env > file
        self.assertEqual(got["max_header"][0], "20KiB")    # env > file
        self.assertEqual(got["write_timeout"][0], "30s")   # flag > env
        self.assertEqual(got["body_timeout"][0], "30s")    # flag > file
        got = parse_print_config(self.print_config(["--config", cfg], env))
        self.assertEqual(got["max_connections"][0], "20")
        got = parse_print_config(self.print_config(["--config", cfg]))
        self.assertEqual(got["max_connections"], ("10", f"file {cfg}:1"))

    def test_vigil_config_names_the_file_and_flag_wins(self):
        a = self.write("a.yaml", "max_connections: 7\n")
        b = self.write("b.yaml", "max_connections: 8\n")
        text = self.print_config(env={"VIGIL_CONFIG": a})
        self.assertIn("(named by VIGIL_CONFIG)", text)
        self.assertEqual(parse_print_config(text)["max_connections"][0], "7")
        text = self.print_config(["--config", b], env={"VIGIL_CONFIG": a})
        self.assertEqual(parse_print_config(text)["max_connections"][0], "8")
        self.assertIn("# config file: none", self.print_config())

    def test_print_config_output_is_a_config_file(self):
        first = self.print_config(["--max-body", "5MiB", "--self-audit=false"],
                                  {"VIGIL_IDLE_TIMEOUT": "90s"})
        path = self.write("round.yaml", first)
        again = parse_print_config(self.print_config(["--config", path]))
        for key, (value, _) in parse_print_config(first).items():
            self.assertEqual(again[key][0], value, key)
            self.assertTrue(again[key][1].startswith(f"file {path}:"), again[key])

    def test_running_server_applies_every_source(self):
        data = harness.new_data_dir(self, "config-run-")
        cfg = self.write("run.yaml", "max_body: 2KiB\nmax_header: 2KiB\nrate_read: 0\n")
        server = harness.Server(data, args=["--config", cfg, "--max-header", "3KiB"],
                                env={"VIGIL_MAX_HEADER": "8KiB", "VIGIL_MAX_BODY": "1KiB"},
                                default_rates=False).start()
        try:
            # max_body from the environment (1 KiB) beats the file (2 KiB).
            r = server.request("POST", "/v1/events", body=b"x" * 1500,
                               content_type="application/json")
            self.assertEqual(r.status, 413, r)
            self.assertIn("1024 bytes", r.error["message"])
            # max_header from the flag (3 KiB) beats env (8 KiB) and file (2 KiB).
            self.assertEqual(server.get("/healthz", headers={"X-Pad": "p" * 2500}).status, 200)
            r = server.get("/healthz", headers={"X-Pad": "p" * 3500})
            self.assertEqual(r.status, 431, r)
            self.assertIn("3072 bytes", r.error["message"])
        finally:
            server.stop()

    def test_bad_config_files(self):
        cases = [
            ("listne: 127.0.0.1:1\n",
             "bad.yaml:1: unknown setting 'listne' (did you mean 'listen'?)"),
            ("listen: 127.0.0.1:1\nmax_body: 1MiB\nlisten: 127.0.0.1:2\n",
             "bad.yaml:3: 'listen' is set twice (first on line 1)"),
            ("# ok\nidle_timeout: 30\n", "bad.yaml:2: idle_timeout: bad duration '30'"),
            ("max_body: big\n", "bad.yaml:1: max_body: bad size 'big'"),
            ("max_connections: [1, 2]\n", "bad.yaml:1: max_connections: expected a single value"),
            ("self_audit: maybe\n", "bad.yaml:1: self_audit"),
            ("listen: [a, b\n", "bad.yaml:2:1: YAML syntax error"),
            ("config: other.yaml\n", "bad.yaml:1:"),
        ]
        for text, message in cases:
            with self.subTest(text=text):
                path = self.write("bad.yaml", text)
                for extra in [["--print-config"], ["--data", os.path.join(self.dir, "d"),
                                                   "--listen", "127.0.0.1:0"]]:
                    p = serve(["--config", path, *extra])
                    self.assertEqual(p.returncode, 2, p.stderr)
                    self.assertIn(message, p.stderr.decode())
                # The server did not start: no data directory was made.
                self.assertFalse(os.path.exists(os.path.join(self.dir, "d")))

    def test_bad_environment_and_flags(self):
        cases = [
            ([], {"VIGIL_MAX_BODY": "big"}, "VIGIL_MAX_BODY: bad size 'big'"),
            ([], {"VIGIL_SELF_AUDIT": "perhaps"}, "VIGIL_SELF_AUDIT"),
            (["--listen", "::1:80"], {}, "--listen: bad listen address '::1:80'"),
            (["--header-timeout", "10"], {}, "--header-timeout: bad duration '10'"),
            (["--max-connections", "0"], {}, "--max-connections: 0 is out of range"),
            (["--max-body", "4MiB", "--max-decoded-body", "1MiB"], {}, "max_decoded_body"),
            (["--tls-cert", os.path.join("/nonexistent", "c.pem")], {}, "tls_"),
            (["--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"], {},
             "tls_cert: no such file '/nonexistent/c.pem'"),
            (["--max-header", "100"], {}, "max_header"),
        ]
        for args, env, message in cases:
            with self.subTest(args=args, env=env):
                p = serve([*args, "--print-config"], env)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn(message, p.stderr.decode())

    def test_missing_config_file(self):
        p = serve(["--config", os.path.join(self.dir, "missing.yaml"), "--print-config"])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("missing.yaml", p.stderr.decode())

    def test_misspelt_environment_variable_is_warned(self):
        data = harness.new_data_dir(self, "config-warn-")
        server = harness.Server(data, env={"VIGIL_LISTNE": "127.0.0.1:1"}).start()
        server.stop()
        self.assertIn("environment variable VIGIL_LISTNE is not a setting "
                      "(did you mean VIGIL_LISTEN?)", server.stderr())

    def test_port_in_use(self):
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        try:
            p = serve(["--data", os.path.join(self.dir, "d"), "--listen", f"127.0.0.1:{port}"])
        finally:
            busy.close()
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(f"127.0.0.1:{port}", p.stderr.decode())
        self.assertIn("in use", p.stderr.decode())


if __name__ == "__main__":
    harness.main()
