// The ledger section of the event page: the event's leaf hash and its
// inclusion proof checked in the browser (lib/ledger.ts, lib/leaf.ts)
// against the signed checkpoint, with a badge.
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../lib/api';
import type { InclusionProofJson } from '../lib/event';
import { checkEventProof, type ProofCheck } from '../lib/ledger';

interface Props {
  api: ApiClient;
  ledger: InclusionProofJson | undefined;
  eventText: string; // the event as the server sent it
}

export function ProofBadge({ api, ledger, eventText }: Props) {
  const [check, setCheck] = useState<ProofCheck | null>(null);
  const [key, setKey] = useState('');
  useEffect(() => {
    if (!ledger) return;
    let live = true;
    // The key of the node whose log holds the event (each node signs its own).
    const node = ledger.node === undefined ? {} : { node: ledger.node };
    api
      .get<{ verifier_key: string }>('/v1/ledger/checkpoint', node)
      .then(async (cp) => {
        setKey(cp.verifier_key);
        const c = await checkEventProof(ledger, cp.verifier_key, eventText);
        if (live) setCheck(c);
      })
      .catch((e) => live && setCheck({ verified: false, reason: String(e?.message ?? e) }));
    return () => {
      live = false;
    };
  }, [api, ledger, eventText]);
  if (!ledger) return <p>This event carries no inclusion proof.</p>;
  return (
    <div class="proof">
      <p aria-live="polite">
        {check === null ? (
          <span class="badge pending">Verifying…</span>
        ) : check.verified ? (
          <span class="badge verified" data-testid="verified-badge">
            ✔ Verified
          </span>
        ) : (
          <span class="badge failed">✖ Not verified</span>
        )}{' '}
        {check?.reason}
      </p>
      <dl class="fields">
        {ledger.node === undefined ? null : (
          <>
            <dt>Node</dt>
            <dd>{ledger.node}</dd>
          </>
        )}
        <dt>Position (seq)</dt>
        <dd>{ledger.seq}</dd>
        <dt>Tree size</dt>
        <dd>{ledger.size}</dd>
        <dt>Leaf hash</dt>
        <dd class="mono">{ledger.leaf_hash}</dd>
        <dt>Root</dt>
        <dd class="mono">{ledger.root}</dd>
        <dt>Proof</dt>
        <dd class="mono">{ledger.proof.length} hashes</dd>
        <dt>Verifier key</dt>
        <dd class="mono">{key}</dd>
      </dl>
      <p class="hint">
        Checked here with WebCrypto: the event's leaf hash recomputed from its content, SHA-256 per RFC 9162 from the
        leaf to the root, and the checkpoint's Ed25519 signature. Compare the verifier key with the one your operator
        gave you.
      </p>
    </div>
  );
}
