"""An independent Python implementation of docs/format/ledger.md, for the
end-to-end tests (tests/cli/proof_test.py, tests/http/test_ledger.py).

Written from RFC 9162 §2.1 and the spec alone, with hashlib and base64 (no
code shared with the C++): MTH, PATH and SUBPROOF to build proofs, the
verification algorithms of §2.1.3.2 and §2.1.4.2 to check them (with the
cases the spec leaves to the caller decided as ledger.md says), and an
event's leaf bytes (its sealed form) from its canonical JSON.
"""
import base64
import hashlib
import json


def sha(b):
    return hashlib.sha256(b).digest()


EMPTY_TREE = sha(b"")


def leaf_hash(data):
    return sha(b"\x00" + data)


def node_hash(left, right):
    return sha(b"\x01" + left + right)


def _split(n):
    """The largest power of two strictly below n (n >= 2)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves):
    """MTH of a list of leaf hashes."""
    n = len(leaves)
    if n == 0:
        return EMPTY_TREE
    if n == 1:
        return leaves[0]
    k = _split(n)
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m, leaves):
    """PATH(m, D[n]): the inclusion proof of leaf m, deepest sibling first."""
    n = len(leaves)
    if n == 1:
        return []
    k = _split(n)
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m, leaves, b):
    """SUBPROOF(m, D[n], b); PROOF(m, D[n]) is subproof(m, leaves, True)."""
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = _split(n)
    if m <= k:
        return subproof(m, leaves[:k], b) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def verify_inclusion(leaf, index, size, proof, root):
    """RFC 9162 §2.1.3.2: True when `leaf` is at `index` of the tree of
    `size` leaves whose hash is `root`."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(size1, size2, proof, root1, root2):
    """RFC 9162 §2.1.4.2, with ledger.md's rules for the cases it leaves out:
    equal sizes (empty proof, equal roots), size1 = 0 (empty proof, root1 the
    empty tree's hash), size1 > size2 (never)."""
    if size1 > size2:
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if size1 == 0:
        return not proof and root1 == EMPTY_TREE
    if not proof:
        return False
    proof = list(proof)
    if size1 & (size1 - 1) == 0:  # a power of two: the first tree is a node of the second
        proof = [root1] + proof
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == root1 and sr == root2 and sn == 0


def b64(h):
    return base64.b64encode(h).decode()


def unb64(text):
    return base64.b64decode(text, validate=True)


# ---------------------------------------------------------------- leaf bytes

# Personal fields (ledger.md "Personal fields"), by object and member.
PERSONAL = [("actor", "name"), ("actor", "email"), ("context", "ip"), ("context", "user_agent")]


def canonical(value):
    """Canonical JSON of a value already in canonical member order (as the
    server returns it): no whitespace, raw UTF-8, the short escapes. Exact for
    strings, integers and objects; doubles may differ from the C++ writer."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def commitment(key, field, value):
    """SHA-256(salt || value bytes), salt = the first 16 bytes of SHA-256(key || path)."""
    salt = sha(key + field.encode())[:16]
    return sha(salt + value)


def leaf_bytes(event):
    """The sealed form of an event given as the API returns it (canonical
    member order; "seq" and "ledger", which are not hashed, are ignored)."""
    e = {k: v for k, v in event.items() if k not in ("seq", "ledger")}
    seal = e.pop("seal", None) or {}
    values = {}
    for obj, member in PERSONAL:
        sub = e.get(obj)
        if sub is not None and member in sub:
            values[f"{obj}.{member}"] = sub[member].encode()
            e[obj] = {k: v for k, v in sub.items() if k != member}
    for obj in ("actor", "context"):
        if obj in e and not e[obj]:
            del e[obj]
    if "geo" in e:
        values["geo"] = canonical(e.pop("geo")).encode()
    # Personal metadata (ledger.md "Personal metadata"): each listed path's
    # value (its canonical JSON) is committed and left out of metadata; a
    # metadata object left empty is left out as a whole.
    for path in seal.get("paths", []):
        keys = path.split(".")[1:]
        parent = e["metadata"] = dict(e["metadata"])
        for k in keys[:-1]:
            parent[k] = dict(parent[k])
            parent = parent[k]
        values[path] = canonical(parent.pop(keys[-1])).encode()
    if "metadata" in e and not e["metadata"]:
        del e["metadata"]
    if "redacted" in seal:
        sealed = seal["redacted"]
    else:
        key = unb64(seal["key"]) if values else b""
        sealed = {f: b64(commitment(key, f, values[f]))
                  for f in sorted(values, key=lambda f: f.encode())}
    if sealed:
        e["sealed"] = sealed
    return canonical(e).encode()


def event_leaf_hash(event):
    return leaf_hash(leaf_bytes(event))
