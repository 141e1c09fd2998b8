// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fromBase64, sha256, toBase64 } from './hash';
import { checkEventProof, verifyCheckpoint, verifyInclusion } from './ledger';

const enc = new TextEncoder();

const sha = sha256;

// RFC 9162 §2.1.1: the hash of leaves[a:b], and §2.1.3.1: PATH(m, leaves).
const largestPow2Below = (n: number) => 2 ** Math.floor(Math.log2(n - 1));
async function mth(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 1) return leaves[0];
  const k = largestPow2Below(leaves.length);
  return sha(new Uint8Array([1]), await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}
async function path(m: number, leaves: Uint8Array[]): Promise<Uint8Array[]> {
  if (leaves.length === 1) return [];
  const k = largestPow2Below(leaves.length);
  return m < k
    ? [...(await path(m, leaves.slice(0, k))), await mth(leaves.slice(k))]
    : [...(await path(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
}

async function tree(n: number) {
  const leaves = await Promise.all(Array.from({ length: n }, (_, i) => sha(new Uint8Array([0]), enc.encode(`event ${i}`))));
  return { leaves, root: await mth(leaves) };
}

describe('verifyInclusion', () => {
  it('accepts the proof of every leaf of trees of 1 to 13 leaves', async () => {
    for (let n = 1; n <= 13; n++) {
      const { leaves, root } = await tree(n);
      for (let i = 0; i < n; i++) {
        expect(await verifyInclusion(leaves[i], i, n, await path(i, leaves), root)).toBe(true);
      }
    }
  });

  it('rejects a changed leaf, a wrong index, a changed proof or a wrong size', async () => {
    const { leaves, root } = await tree(11);
    const p = await path(6, leaves);
    expect(await verifyInclusion(leaves[5], 6, 11, p, root)).toBe(false);
    expect(await verifyInclusion(leaves[6], 7, 11, p, root)).toBe(false);
    const bad = p.map((h) => h.slice());
    bad[1][0] ^= 1;
    expect(await verifyInclusion(leaves[6], 6, 11, bad, root)).toBe(false);
    expect(await verifyInclusion(leaves[6], 6, 7, p, root)).toBe(false);
    expect(await verifyInclusion(leaves[6], 11, 11, p, root)).toBe(false);
  });
});

// A signed note (C2SP) by a fresh Ed25519 key, as the server writes it.
async function signedCheckpoint(size: number, root: Uint8Array) {
  const kp = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pub = new Uint8Array(await crypto.subtle.exportKey('raw', kp.publicKey));
  const name = 'vigil/test';
  const keyId = (await sha(enc.encode(name), new Uint8Array([0x0a, 0x01]), pub)).slice(0, 4);
  const text = `${name}\n${size}\n${toBase64(root)}\n`;
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, kp.privateKey, enc.encode(text)));
  const hex = [...keyId].map((b) => b.toString(16).padStart(2, '0')).join('');
  const body = new Uint8Array([...keyId, ...sig]);
  return {
    note: `${text}\n\u2014 ${name} ${toBase64(body)}\n`,
    verifierKey: `${name}+${hex}+${toBase64(new Uint8Array([1, ...pub]))}`,
  };
}

describe('checkpoints and whole proofs', () => {
  it('verifies a signed checkpoint and rejects an altered one', async () => {
    const { root } = await tree(5);
    const { note, verifierKey } = await signedCheckpoint(5, root);
    expect(await verifyCheckpoint(note, verifierKey)).toEqual({ origin: 'vigil/test', size: 5, root: toBase64(root) });
    expect(await verifyCheckpoint(note.replace('\n5\n', '\n6\n'), verifierKey)).toBeNull();
  });

  it("checks an event's ledger member end to end", async () => {
    const { leaves, root } = await tree(9);
    const text = '{"seq":4,"id":"e4","time":"t","status":"success","received_at":"t"}';
    leaves[4] = await sha(new Uint8Array([0]), enc.encode('{"id":"e4","time":"t","status":"success","received_at":"t"}'));
    const rootWith4 = await mth(leaves);
    expect(rootWith4).not.toEqual(root);
    const { note, verifierKey } = await signedCheckpoint(9, rootWith4);
    const ledger = {
      seq: 4,
      size: 9,
      leaf_hash: toBase64(leaves[4]),
      proof: (await path(4, leaves)).map(toBase64),
      root: toBase64(rootWith4),
      checkpoint: note,
    };
    expect(await checkEventProof(ledger, verifierKey, text)).toEqual({
      verified: true,
      reason: 'this event is at position 4 of the signed tree of 9 events',
    });
    expect(await checkEventProof(ledger, verifierKey, text.replace('e4', 'e5'))).toEqual({
      verified: false,
      reason: "the event's content does not hash to its leaf hash",
    });
    const other = { ...ledger, seq: 3 };
    expect(await checkEventProof(other, verifierKey, text)).toEqual({
      verified: false,
      reason: 'the inclusion proof does not lead to the checkpoint root',
    });
    expect(fromBase64(ledger.root)).toEqual(rootWith4);
  });
});
