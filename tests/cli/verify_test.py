#!/usr/bin/env python3
"""End-to-end tests of `vigil verify` on data directories made by the real binary.

Usage: verify_test.py PATH_TO_VIGIL PATH_TO_SWAP_SEGMENT_ROWS

The fixture, built once: 1000 generated events ingested, `vigil serve`
started and stopped (its startup and shutdown records, and a signed
checkpoint of size 1002 at shutdown), 700 more ingested, served again
(checkpoint of size 1704). Four segments, 106 recorded tiles of 16 leaves, two
checkpoints. Each case tampers with a fresh copy, then runs `vigil verify`
and asserts its exit status and its exact messages:

  clean             exit 0; the root it reports equals the root recomputed by
                    an independent Python implementation (tests/ledger_reference.py)
                    from an export of every event
  flipped byte      exit 3: the store's checksum error naming the segment and offset
  deleted events    exit 3: the missing seqs, named by the store
  swapped events    exit 1: the tile holding them, then each checkpoint (a
                    segment rewritten by swap_segment_rows, every checksum valid)
  truncated log     exit 1: "the log was truncated" (or 3 when the tiles file
                    was left longer than the segments)
  replaced, forged  exit 1: the checkpoint file and why its signature fails
  checkpoints
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import ledger_reference as ref  # noqa: E402

VIGIL = None
SWAP_ROWS = None
LEDGER_NAME = "test.example/ledger"
SEG0 = "00000000000000000000-00000000000000000999.vseg"
SEG1 = "00000000000000001000-00000000000000001001.vseg"
SEG2 = "00000000000000001002-00000000000000001701.vseg"
SEG3 = "00000000000000001702-00000000000000001703.vseg"
CP1 = "00000000000000001002.note"
CP2 = "00000000000000001704.note"
TILE = 16  # leaves per tile (ledger/log_tree.h kTileSize)


def tiles_of(events):
    return events // TILE


def tile_name(t):
    return f"tile {t} (seqs {t * TILE}-{t * TILE + TILE - 1})"


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}


def run(args, data=None, stdin=None, check=True):
    cmd = [VIGIL] + (["--data", data] if data else []) + list(args)
    p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=120, env=clean_env())
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p


def ingest(data, n, seed):
    events = run(["gen", str(n), "--seed", str(seed), "--end", "2026-11-21T00:00:00Z"]).stdout
    run(["ingest", "-", "-q"], data, stdin=events)


def serve_once(data):
    """Starts `vigil serve`, waits until it listens, stops it with SIGTERM: two
    audit records and, at shutdown, a signed checkpoint of every event."""
    out = os.path.join(os.path.dirname(data), "serve.out")
    with open(out, "wb") as f:
        proc = subprocess.Popen([VIGIL, "serve", "--data", data, "--listen", "127.0.0.1:0",
                                 "--ledger-name", LEDGER_NAME,
                                 # the tests tamper with the segments as flushes made them
                                 "--compaction-max-rows", "0"], stdout=f,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=clean_env())
    deadline = time.monotonic() + 30
    while True:
        with open(out, "rb") as f:
            if b"Vigil is listening" in f.read():
                break
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"vigil serve did not start: {proc.communicate()[1]}")
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    if proc.returncode != 0 or b"stopped cleanly" not in err:
        raise AssertionError(f"vigil serve exited {proc.returncode}: {err}")


def flip_byte(path, offset):
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ 0x01]))


def note_root(path):
    with open(path) as f:
        return f.read().split("\n")[2]


class VerifyTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        root = os.environ.get("VIGIL_TEST_TMPDIR") or tempfile.gettempdir()
        os.makedirs(root, exist_ok=True)
        cls.tmp = tempfile.mkdtemp(prefix="verify-", dir=root)
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.fixture = os.path.join(cls.tmp, "fixture", "data")
        ingest(cls.fixture, 1000, seed=1)
        cls.unserved = os.path.join(cls.tmp, "unserved", "data")
        shutil.copytree(cls.fixture, cls.unserved)
        serve_once(cls.fixture)
        ingest(cls.fixture, 700, seed=2)
        serve_once(cls.fixture)
        with open(os.path.join(cls.fixture, "ledger", "verifier.key")) as f:
            cls.key = f.read().strip()
        cls.key_id = cls.key.split("+")[1]
        # The same events under another ledger key (a new key made at the next
        # start), whose shutdown checkpoint is of size 1706.
        cls.other = os.path.join(cls.tmp, "other", "data")
        shutil.copytree(cls.fixture, cls.other)
        shutil.rmtree(os.path.join(cls.other, "ledger", "checkpoints"))
        os.remove(os.path.join(cls.other, "ledger", "signing.key"))
        os.remove(os.path.join(cls.other, "ledger", "verifier.key"))
        serve_once(cls.other)
        with open(os.path.join(cls.other, "ledger", "verifier.key")) as f:
            cls.other_key = f.read().strip()

    def copy(self):
        """A fresh copy of the fixture's data directory."""
        d = tempfile.mkdtemp(prefix="case-", dir=self.tmp)
        data = os.path.join(d, "data")
        shutil.copytree(self.fixture, data)
        return data

    def verify(self, data, *args, key=True):
        return run(["verify", *(["--key", self.key] if key else []), *args], data, check=False)

    def assertVerifies(self, p, summary):
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertEqual(p.stdout.decode().splitlines()[-1], summary)

    def assertProblems(self, p, problems, verified="1704 events read, 0 of 2 checkpoints verified"):
        """Exit 1 and exactly these problem lines on stderr, in this order."""
        self.assertEqual(p.returncode, 1, (p.stdout, p.stderr))
        lines = [line for line in p.stderr.decode().splitlines()
                 if not line.startswith("vigil: warning: ")]
        n = len(problems)
        self.assertEqual(lines, [f"vigil: {x}" for x in problems] + [
            f"vigil: verification failed: {n} problem{'' if n == 1 else 's'} ({verified})"])

    def assertCorrupt(self, p, pattern):
        self.assertEqual(p.returncode, 3, (p.stdout, p.stderr))
        self.assertRegex(p.stderr.decode(), "^vigil: Corruption: " + pattern + "\n$")

    # ------------------------------------------------------------ clean

    def test_clean_directory_verifies_with_the_root_python_recomputes(self):
        data = self.copy()
        export = run(["export", "--format", "ndjson"], data).stdout.decode().splitlines()
        events = [json.loads(line) for line in export]
        self.assertEqual([e["seq"] for e in events], list(range(1704)))
        leaves = [ref.event_leaf_hash(e) for e in events]
        root = ref.b64(ref.mth(leaves))
        cp_dir = os.path.join(data, "ledger", "checkpoints")
        self.assertEqual(note_root(os.path.join(cp_dir, CP1)), ref.b64(ref.mth(leaves[:1002])))
        self.assertEqual(note_root(os.path.join(cp_dir, CP2)), root)

        p = self.verify(data)
        self.assertVerifies(p, f"verified 1704 events, {tiles_of(1704)} tiles, 2 checkpoints; "
                               f"latest checkpoint size 1704 root {root}")
        self.assertEqual(p.stdout.decode().splitlines()[0], f"verifier key {self.key} (from --key)")
        self.assertEqual(p.stderr, b"")

        # --key names a file holding the key.
        key_file = os.path.join(os.path.dirname(data), "auditor.key")
        with open(key_file, "w") as f:
            f.write(self.key + "\n")
        p = run(["verify", "--key", key_file], data, check=False)
        self.assertVerifies(p, f"verified 1704 events, {tiles_of(1704)} tiles, 2 checkpoints; "
                               f"latest checkpoint size 1704 root {root}")
        self.assertIn(f"(from --key {key_file})", p.stdout.decode())

    def test_key_from_the_data_directory_is_used_with_a_warning(self):
        data = self.copy()
        p = self.verify(data, key=False)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        own = os.path.join(data, "ledger", "verifier.key")
        self.assertEqual(p.stdout.decode().splitlines()[0], f"verifier key {self.key} (from {own})")
        self.assertEqual(p.stderr.decode(), (
            "vigil: warning: the verifier key was read from the data directory itself: this shows "
            "that the checkpoints match the events, not that they are authentic (whoever can "
            "change the events can replace the key and re-sign); pass --key with the key you "
            "were given\n"))

    def test_directory_whose_key_and_checkpoints_were_replaced(self):
        # Its own key vouches for it; the auditor's key does not.
        p = run(["verify"], self.other, check=False)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn(f"verified 1706 events, {tiles_of(1706)} tiles, 1 checkpoint;", p.stdout.decode())
        self.assertIn("vigil: warning: the verifier key was read from the data directory",
                      p.stderr.decode())
        other_id = self.other_key.split("+")[1]
        p = self.verify(self.other)
        self.assertProblems(p, [
            f"checkpoint {self.other}/ledger/checkpoints/00000000000000001706.note: note has no "
            f"signature by a known key (signed by: {LEDGER_NAME}+{other_id}; known keys: "
            f"{LEDGER_NAME}+{self.key_id})"], verified="1706 events read, 0 of 1 checkpoint verified")
        self.assertIn(f"vigil: warning: {self.other}/ledger/verifier.key holds another key than "
                      f"--key: {self.other_key}\n", p.stderr.decode())

    def test_log_without_checkpoints(self):
        p = run(["verify"], self.unserved, check=False)
        self.assertVerifies(p, f"verified 1000 events, {tiles_of(1000)} tiles, 0 checkpoints")
        self.assertEqual(p.stderr.decode(), (
            "vigil: warning: the log has no signed checkpoint: the events were checked against "
            "the tiles file only, which anyone who can change the events can rewrite\n"))

    # ------------------------------------------------------------ damaged storage

    def test_flipped_byte_in_a_segment(self):
        # One byte early in the file (a block the store reads when it opens)
        # and one in the middle (read by the scan): both are checksum errors
        # naming the segment and the block's offset.
        for where in (lambda size: 20, lambda size: size // 2):
            data = self.copy()
            seg = os.path.join(data, "segments", SEG0)
            flip_byte(seg, where(os.path.getsize(seg)))
            self.assertCorrupt(self.verify(data), re.escape(seg) +
                               r": [a-z0-9_ .]+ at offset \d+: checksum mismatch "
                               r"\(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)")

    def test_deleted_events(self):
        data = self.copy()
        os.remove(os.path.join(data, "segments", SEG1))
        self.assertCorrupt(self.verify(data), re.escape(
            f"{data}/segments/{SEG2}: starts at seq 1002 but the segments before it end at 999: "
            f"events 1000..1001 are missing"))

    # ------------------------------------------------------------ tampering

    def test_swapped_events(self):
        data = self.copy()
        subprocess.run([SWAP_ROWS, os.path.join(data, "segments", SEG0), "300", "301"],
                       check=True)
        cps = os.path.join(data, "ledger", "checkpoints")
        tile = tile_name(300 // TILE)
        self.assertProblems(self.verify(data), [
            f"{tile}: the stored events do not hash to the recorded tile root",
            f"checkpoint {cps}/{CP1} (size 1002): root mismatch; the first differing tile is "
            f"{tile}",
            f"checkpoint {cps}/{CP2} (size 1704): root mismatch; the first differing tile is "
            f"{tile}"])

    def test_swapped_events_after_the_last_recorded_tile(self):
        # Seqs 1696 and 1697 (rows 694 and 695 of the segment from 1002): their
        # tile is incomplete, so no tile root covers them; the checkpoint of
        # size 1002 still matches and bounds the change.
        data = self.copy()
        subprocess.run([SWAP_ROWS, os.path.join(data, "segments", SEG2), "694", "695"],
                       check=True)
        cps = os.path.join(data, "ledger", "checkpoints")
        recorded = tiles_of(1704) * TILE
        self.assertProblems(self.verify(data), [
            f"checkpoint {cps}/{CP2} (size 1704): root mismatch; every recorded tile root up to "
            f"seq {recorded - 1} matches, so events {recorded}-1703 changed (past the last "
            f"recorded tile) or the "
            f"tiles file was rewritten with the events; checkpoint {cps}/{CP1} (size 1002) "
            f"matches, so the change is in seqs 1002-1703"],
            verified="1704 events read, 1 of 2 checkpoints verified")

    def test_swapped_events_with_the_tiles_file_rewritten_to_match(self):
        # The tile roots recomputed (in Python) from the tampered events: only
        # the signed checkpoints catch it.
        data = self.copy()
        subprocess.run([SWAP_ROWS, os.path.join(data, "segments", SEG0), "300", "301"],
                       check=True)
        export = run(["export", "--format", "ndjson"], data).stdout.decode().splitlines()
        leaves = [ref.event_leaf_hash(json.loads(line)) for line in export]
        tiles = os.path.join(data, "ledger", "tiles")
        with open(tiles, "r+b") as f:
            for t in range(tiles_of(1704)):
                tile_root = ref.mth(leaves[TILE * t:TILE * t + TILE])
                f.seek(16 + 36 * t)
                f.write(tile_root + zlib.crc32(tile_root).to_bytes(4, "little"))
        cps = os.path.join(data, "ledger", "checkpoints")
        self.assertProblems(self.verify(data), [
            f"checkpoint {cps}/{CP1} (size 1002): root mismatch; every recorded tile root up to "
            f"seq {tiles_of(1002) * TILE - 1} matches, so events {tiles_of(1002) * TILE}-1001 "
            f"changed (past the last recorded tile) or the tiles file was rewritten with the "
            f"events",
            f"checkpoint {cps}/{CP2} (size 1704): root mismatch; every recorded tile root up to "
            f"seq {tiles_of(1704) * TILE - 1} matches, so events {tiles_of(1704) * TILE}-1703 "
            f"changed (past the last recorded tile) or the tiles file was rewritten with the "
            f"events"])

    def test_truncated_log(self):
        # The newest segment removed (its events are not in the WAL any more).
        data = self.copy()
        os.remove(os.path.join(data, "segments", SEG3))
        cps = os.path.join(data, "ledger", "checkpoints")
        self.assertProblems(self.verify(data), [
            f"the log was truncated: checkpoint {cps}/{CP2} is of size 1704 but the store holds "
            f"1702 events"], verified="1702 events read, 1 of 2 checkpoints verified")

        # The last two segments, and the tiles file cut to match.
        data = self.copy()
        os.remove(os.path.join(data, "segments", SEG2))
        os.remove(os.path.join(data, "segments", SEG3))
        os.truncate(os.path.join(data, "ledger", "tiles"), 16 + 36 * tiles_of(1002))
        cps = os.path.join(data, "ledger", "checkpoints")
        self.assertProblems(self.verify(data), [
            f"the log was truncated: checkpoint {cps}/{CP2} is of size 1704 but the store holds "
            f"1002 events"], verified="1002 events read, 1 of 2 checkpoints verified")

        # The same with the tiles file left as it was: the store refuses to open.
        data = self.copy()
        os.remove(os.path.join(data, "segments", SEG2))
        os.remove(os.path.join(data, "segments", SEG3))
        self.assertCorrupt(self.verify(data), re.escape(
            f"{data}/ledger/tiles: holds {tiles_of(1704)} tile roots "
            f"(seqs 0-{tiles_of(1704) * TILE - 1}) but the segments end at seq 1002"))

    def test_checkpoint_replaced_by_one_signed_with_another_key(self):
        data = self.copy()
        cp = os.path.join(data, "ledger", "checkpoints", CP2)
        shutil.copyfile(os.path.join(self.other, "ledger", "checkpoints",
                                     "00000000000000001706.note"), cp)
        other_id = self.other_key.split("+")[1]
        self.assertProblems(self.verify(data), [
            f"checkpoint {cp}: note has no signature by a known key (signed by: "
            f"{LEDGER_NAME}+{other_id}; known keys: {LEDGER_NAME}+{self.key_id})"],
            verified="1704 events read, 1 of 2 checkpoints verified")

    def test_forged_checkpoint_signature(self):
        data = self.copy()
        cp = os.path.join(data, "ledger", "checkpoints", CP2)
        with open(cp) as f:
            note = f.read()
        text, sig = note.rsplit("\n\n", 1)
        # One base64 character of the signature (past the 4-byte key ID) changed.
        i = len(sig) - 20
        forged = sig[:i] + ("A" if sig[i] != "A" else "B") + sig[i + 1:]
        # And a body claiming another root under the genuine signature.
        lines = text.split("\n")
        lines[2] = ref.b64(ref.sha(b"another root"))
        for forged_note in (text + "\n\n" + forged, "\n".join(lines) + "\n\n" + sig):
            with open(cp, "w") as f:
                f.write(forged_note)
            self.assertProblems(self.verify(data), [
                f"checkpoint {cp}: signature by {LEDGER_NAME} does not verify (signature line 1, "
                f"key ID {self.key_id})"], verified="1704 events read, 1 of 2 checkpoints verified")

    def test_checkpoint_file_renamed(self):
        data = self.copy()
        cps = os.path.join(data, "ledger", "checkpoints")
        renamed = os.path.join(cps, "00000000000000001703.note")
        os.rename(os.path.join(cps, CP2), renamed)
        self.assertProblems(self.verify(data), [
            f"checkpoint {renamed}: the file name says size 1703 but the signed checkpoint "
            f"inside is of size 1704"], verified="1704 events read, 1 of 2 checkpoints verified")

    # ------------------------------------------------------------ usage and environment

    def test_usage_and_environment_errors(self):
        data = self.copy()
        p = run(["verify", "--key", "nonsense"], data, check=False)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertEqual(p.stderr.decode(), (
            "vigil: Invalid argument: --key: 'nonsense' is neither a verifier key (verifier key: "
            "expected <name>+<8 hex digit key ID>+<base64 key>) nor a file\n"))

        p = self.verify(os.path.join(self.tmp, "no-such-dir"))
        self.assertEqual(p.returncode, 4, p.stderr)

        os.remove(os.path.join(data, "ledger", "verifier.key"))
        p = self.verify(data, key=False)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertEqual(p.stderr.decode(), (
            f"vigil: Not found: no verifier key to check {data}/ledger/checkpoints/{CP1}: pass "
            f"--key with the log's verifier key (the data directory has no "
            f"ledger/verifier.key)\n"))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(f"usage: {sys.argv[0]} PATH_TO_VIGIL PATH_TO_SWAP_SEGMENT_ROWS")
    VIGIL = os.path.abspath(sys.argv.pop(1))
    SWAP_ROWS = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
