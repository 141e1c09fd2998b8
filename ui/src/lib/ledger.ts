// Checking an event's inclusion proof in the browser with WebCrypto: the
// event's leaf hash recomputed from its content (leaf.ts), the RFC 9162
// §2.1.3.2 verification of `proof` from that leaf to the root of the
// checkpoint, and the checkpoint's Ed25519 signature (a C2SP signed note)
// with the log's verifier key. Formats: docs/format/ledger.md.
import { fromBase64, sha256 } from './hash';
import { leafHash } from './leaf';

const NODE = new Uint8Array([1]);

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// True when `leaf` (a leaf hash) is at `index` of the tree of `size` leaves
// whose root hash is `root`.
export async function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(NODE, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(NODE, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: string; // base64
}

// Checks the note's signature by the verifier key ("name+keyid+base64(0x01 ||
// public key)") and returns its body; null when no signature of that key
// verifies.
export async function verifyCheckpoint(note: string, verifierKey: string): Promise<Checkpoint | null> {
  const [name, keyIdHex, keyB64] = splitVerifierKey(verifierKey);
  const key = fromBase64(keyB64);
  if (key.length !== 33 || key[0] !== 1) return null;
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return null;
  const text = note.slice(0, split + 1);
  const pub = await crypto.subtle.importKey('raw', key.slice(1), { name: 'Ed25519' }, false, ['verify']);
  let ok = false;
  for (const line of note.slice(split + 2).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const sig = fromBase64(m[2]);
    const id = [...sig.slice(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
    if (id !== keyIdHex.toLowerCase() || sig.length !== 68) continue;
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, pub, sig.slice(4), new TextEncoder().encode(text)))) return null;
    ok = true;
  }
  if (!ok) return null;
  const [origin, size, root] = text.split('\n');
  if (!/^\d+$/.test(size)) return null;
  return { origin, size: Number(size), root };
}

// A key name never holds '+'; the base64 key may.
function splitVerifierKey(k: string): [string, string, string] {
  const first = k.indexOf('+');
  const second = k.indexOf('+', first + 1);
  return [k.slice(0, first), k.slice(first + 1, second), k.slice(second + 1)];
}

export interface ProofCheck {
  verified: boolean;
  reason: string;
}

// The whole check of GET /v1/events/{id}: the event's text (`eventText`, as
// the API sent it) hashes to the proof's leaf hash, the proof leads from
// that leaf to the root of the checkpoint, and the checkpoint is signed by
// the verifier key of GET /v1/ledger/checkpoint.
export async function checkEventProof(
  ledger: { seq: number; size: number; leaf_hash: string; proof: string[]; root: string; checkpoint?: string },
  verifierKey: string,
  eventText: string,
): Promise<ProofCheck> {
  if (!globalThis.crypto?.subtle) return { verified: false, reason: 'WebCrypto is unavailable (the page is not served over HTTPS)' };
  let leafNote = '';
  try {
    if ((await leafHash(eventText)) !== ledger.leaf_hash) {
      return { verified: false, reason: "the event's content does not hash to its leaf hash" };
    }
  } catch (e) {
    leafNote = `; the leaf hash was not recomputed (${e instanceof Error ? e.message : String(e)})`;
  }
  if (!ledger.checkpoint) return { verified: false, reason: 'the proof carries no signed checkpoint' };
  let cp: Checkpoint | null;
  try {
    cp = await verifyCheckpoint(ledger.checkpoint, verifierKey);
  } catch (e) {
    return { verified: false, reason: `cannot check the checkpoint signature: ${String(e)}` };
  }
  if (!cp) return { verified: false, reason: "the checkpoint's signature does not verify with the log's key" };
  if (cp.size !== ledger.size || cp.root !== ledger.root) {
    return { verified: false, reason: 'the proof is not to the signed checkpoint' };
  }
  const ok = await verifyInclusion(
    fromBase64(ledger.leaf_hash),
    ledger.seq,
    ledger.size,
    ledger.proof.map(fromBase64),
    fromBase64(ledger.root),
  );
  return ok
    ? { verified: true, reason: `this event is at position ${ledger.seq} of the signed tree of ${ledger.size} events${leafNote}` }
    : { verified: false, reason: 'the inclusion proof does not lead to the checkpoint root' };
}
