#!/usr/bin/env python3
"""End-to-end tests of `vigil proof verify-inclusion|verify-consistency`.

Usage: proof_test.py PATH_TO_VIGIL

The proofs are built by an independent implementation of RFC 9162 §2.1
(tests/ledger_reference.py: MTH, PATH, SUBPROOF with Python's hashlib),
then checked by the real binary: every valid proof exits 0, every tampered
one exits 1 with a reason (and the reference's own verifier agrees on each
case), and malformed arguments exit 2 naming the flag. Edge cases: size1 = 0, equal
sizes, empty proofs, index >= size, size1 > size2.
"""
import base64
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from ledger_reference import (b64, leaf_hash, mth, path, sha, subproof,  # noqa: E402
                              verify_consistency, verify_inclusion)

VIGIL = None


def proof_arg(hashes):
    return ",".join(b64(h) for h in hashes)


def run(args):
    return subprocess.run([VIGIL, "proof", *args], capture_output=True, timeout=60)


def inclusion(leaf, index, size, root, proof):
    p = run(["verify-inclusion", "--leaf-hash", b64(leaf), "--index", str(index), "--size",
             str(size), "--root", b64(root), "--proof", proof_arg(proof)])
    p.reference = verify_inclusion(leaf, index, size, proof, root)
    return p


def consistency(size1, size2, root1, root2, proof):
    p = run(["verify-consistency", "--size1", str(size1), "--size2", str(size2), "--root1",
             b64(root1), "--root2", b64(root2), "--proof", proof_arg(proof)])
    p.reference = verify_consistency(size1, size2, proof, root1, root2)
    return p


LEAVES = [leaf_hash(f"event {i}".encode()) for i in range(17)]


def flip(h):
    return bytes([h[0] ^ 1]) + h[1:]


class ProofTest(unittest.TestCase):
    def assertValid(self, p):
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertEqual(p.stdout, b"valid\n")
        self.assertTrue(getattr(p, "reference", True), "the reference verifier disagrees")

    def assertInvalid(self, p, reason=None):
        self.assertEqual(p.returncode, 1, (p.stdout, p.stderr))
        self.assertFalse(getattr(p, "reference", False), "the reference verifier disagrees")
        self.assertTrue(p.stderr.startswith(b"invalid: "), p.stderr)
        if reason is not None:
            self.assertIn(reason.encode(), p.stderr)

    def test_every_inclusion_proof_of_small_trees(self):
        for size in range(1, 12):
            root = mth(LEAVES[:size])
            for index in range(size):
                proof = path(index, LEAVES[:size])
                self.assertValid(inclusion(LEAVES[index], index, size, root, proof))

    def test_every_consistency_proof_of_small_trees(self):
        for size2 in range(1, 12):
            root2 = mth(LEAVES[:size2])
            for size1 in range(1, size2 + 1):
                proof = subproof(size1, LEAVES[:size2], True) if size1 < size2 else []
                self.assertValid(consistency(size1, size2, mth(LEAVES[:size1]), root2, proof))

    def test_tampered_inclusion_proofs_are_invalid(self):
        size, index = 13, 6
        root = mth(LEAVES[:size])
        proof = path(index, LEAVES[:size])
        self.assertValid(inclusion(LEAVES[index], index, size, root, proof))
        for k in range(len(proof)):
            bad = list(proof)
            bad[k] = flip(bad[k])
            self.assertInvalid(inclusion(LEAVES[index], index, size, root, bad), "root")
        self.assertInvalid(inclusion(LEAVES[index + 1], index, size, root, proof))
        self.assertInvalid(inclusion(LEAVES[index], index + 1, size, root, proof))
        self.assertInvalid(inclusion(LEAVES[index], index, size, flip(root), proof))
        self.assertInvalid(inclusion(LEAVES[index], index, size, root, proof[:-1]), "too few")
        self.assertInvalid(inclusion(LEAVES[index], index, size, root, proof + [root]), "more")

    def test_tampered_consistency_proofs_are_invalid(self):
        size1, size2 = 6, 15
        root1, root2 = mth(LEAVES[:size1]), mth(LEAVES[:size2])
        proof = subproof(size1, LEAVES[:size2], True)
        self.assertValid(consistency(size1, size2, root1, root2, proof))
        for k in range(len(proof)):
            bad = list(proof)
            bad[k] = flip(bad[k])
            self.assertInvalid(consistency(size1, size2, root1, root2, bad))
        self.assertInvalid(consistency(size1, size2, flip(root1), root2, proof), "root1")
        self.assertInvalid(consistency(size1, size2, root1, flip(root2), proof), "root2")
        self.assertInvalid(consistency(size1, size2, root1, root2, proof[:-1]))
        self.assertInvalid(consistency(size1, size2, root1, root2, proof + [root2]))
        # A tree that rewrote history: same size2, one early leaf changed.
        forged = list(LEAVES[:size2])
        forged[2] = leaf_hash(b"rewritten")
        self.assertInvalid(
            consistency(size1, size2, root1, mth(forged), subproof(size1, forged, True)))

    def test_edge_cases(self):
        empty = sha(b"")
        root5 = mth(LEAVES[:5])
        # From the empty tree: empty proof, root1 the empty tree's hash.
        self.assertValid(consistency(0, 5, empty, root5, []))
        self.assertValid(consistency(0, 0, empty, empty, []))
        self.assertInvalid(consistency(0, 5, root5, root5, []), "empty tree")
        self.assertInvalid(consistency(0, 5, empty, root5, [root5]), "must be empty")
        # Equal sizes: empty proof and equal roots.
        self.assertValid(consistency(5, 5, root5, root5, []))
        self.assertInvalid(consistency(5, 5, root5, mth(LEAVES[:4]), []), "different roots")
        self.assertInvalid(consistency(5, 5, root5, root5, [root5]), "empty proof")
        # An empty proof between different sizes; a smaller second tree.
        self.assertInvalid(consistency(3, 5, mth(LEAVES[:3]), root5, []), "empty")
        self.assertInvalid(consistency(5, 3, root5, mth(LEAVES[:3]), []), "only grows")
        # Index at or past the size.
        self.assertInvalid(inclusion(LEAVES[0], 5, 5, root5, []), "not below the tree size")
        self.assertInvalid(inclusion(LEAVES[0], 0, 0, empty, []), "not below the tree size")
        # A one-leaf tree: empty proof, the root is the leaf hash.
        self.assertValid(inclusion(LEAVES[0], 0, 1, LEAVES[0], []))
        p = run(["verify-inclusion", "--leaf-hash", b64(LEAVES[0]), "--index", "0", "--size", "1",
                 "--root", b64(LEAVES[0])])  # --proof omitted: empty
        self.assertValid(p)

    def test_usage_errors_exit_2_and_name_the_flag(self):
        root = b64(LEAVES[0])
        cases = [
            (["verify-inclusion", "--leaf-hash", "not base64!", "--index", "0", "--size", "1",
              "--root", root], b"--leaf-hash"),
            (["verify-inclusion", "--leaf-hash", root, "--index", "0", "--size", "1",
              "--root", base64.b64encode(b"short").decode()], b"32 bytes, got 5"),
            (["verify-inclusion", "--leaf-hash", root, "--index", "0", "--size", "1",
              "--root", root, "--proof", root + ",,"], b"--proof[1]"),
            (["verify-inclusion", "--leaf-hash", root, "--index", "0", "--size", "1",
              "--root", base64.urlsafe_b64encode(b"\xff" * 32).decode()], b"--root"),
            (["verify-inclusion", "--leaf-hash", root, "--index", "-1", "--size", "1",
              "--root", root], b"--index"),
            (["verify-inclusion", "--leaf-hash", root, "--size", "1", "--root", root],
             b"--index"),
            (["verify-consistency", "--size1", "x", "--size2", "2", "--root1", root,
              "--root2", root], b"--size1"),
            (["verify-consistency", "--size1", "1", "--size2", "2", "--root1", root],
             b"--root2"),
            ([], b"subcommand"),
        ]
        for args, needle in cases:
            p = run(args)
            self.assertEqual(p.returncode, 2, (args, p.stdout, p.stderr))
            self.assertIn(needle, p.stderr + p.stdout, args)


if __name__ == "__main__":
    VIGIL = sys.argv.pop(1)
    unittest.main(verbosity=2)
