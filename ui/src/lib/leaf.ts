// Recomputes an event's leaf hash in the browser from the API's text of the
// event (its display form: "seq", then the canonical members in order), as
// docs/format/ledger.md "Leaf bytes" defines it: the canonical JSON without
// seq, seal and the personal members (actor.name, actor.email, context.ip,
// context.user_agent, geo), and a last member "sealed" with their salted
// commitments — or, for a redacted event, its seal.redacted as stored.
// Working on the text keeps every byte as the server wrote it (numbers,
// escapes), so nothing is re-serialized.
import { fromBase64, sha256, toBase64 } from './hash';

interface Member {
  key: string;
  text: string; // the member's value, as written
}

// Index just past the JSON value starting at i (no whitespace: canonical).
function skipValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') {
    for (i++; s[i] !== '"'; i++) if (s[i] === '\\') i++;
    return i + 1;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < s.length; i++) {
      const d = s[i];
      if (d === '"') i = skipValue(s, i) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        if (--depth === 0) return i + 1;
      }
    }
    throw new Error('unterminated JSON value');
  }
  const m = /^(?:true|false|null|-?[0-9][0-9.eE+-]*)/.exec(s.slice(i, i + 40));
  if (!m) throw new Error(`unexpected JSON at ${i}`);
  return i + m[0].length;
}

// The members of the object written as `s` (canonical: no whitespace).
export function objectMembers(s: string): Member[] {
  if (s[0] !== '{') throw new Error('not a JSON object');
  const out: Member[] = [];
  let i = 1;
  while (s[i] !== '}') {
    const keyEnd = skipValue(s, i);
    const key = JSON.parse(s.slice(i, keyEnd)) as string;
    if (s[keyEnd] !== ':') throw new Error(`expected ':' at ${keyEnd}`);
    const end = skipValue(s, keyEnd + 1);
    out.push({ key, text: s.slice(keyEnd + 1, end) });
    i = s[end] === ',' ? end + 1 : end;
  }
  return out;
}

function objectText(members: Member[]): string {
  return '{' + members.map((m) => `${JSON.stringify(m.key)}:${m.text}`).join(',') + '}';
}

const PERSONAL: Record<string, string[]> = { actor: ['name', 'email'], context: ['ip', 'user_agent'] };

// The leaf bytes of the event whose display-form text is `text` (extra
// members after the canonical ones, such as the API's "ledger", are left
// out). Throws for events it cannot rebuild: sealed personal metadata
// (seal.paths) is not handled here.
export async function leafBytes(text: string): Promise<string> {
  const top = objectMembers(text);
  const seal = top.find((m) => m.key === 'seal');
  const sealMembers = seal ? objectMembers(seal.text) : [];
  if (sealMembers.some((m) => m.key === 'paths')) throw new Error('events with personal metadata are not rebuilt in the browser');
  const values = new Map<string, Uint8Array>(); // path → value bytes
  const kept: Member[] = [];
  const enc = new TextEncoder();
  for (const m of top) {
    if (m.key === 'seq' || m.key === 'seal' || m.key === 'ledger') continue;
    if (m.key === 'geo') {
      values.set('geo', enc.encode(m.text));
      continue;
    }
    const personal = PERSONAL[m.key];
    if (personal) {
      const inner = objectMembers(m.text);
      for (const p of inner) if (personal.includes(p.key)) values.set(`${m.key}.${p.key}`, enc.encode(JSON.parse(p.text)));
      const rest = inner.filter((p) => !personal.includes(p.key));
      if (rest.length) kept.push({ key: m.key, text: objectText(rest) });
      continue;
    }
    kept.push(m);
  }
  const redacted = sealMembers.find((m) => m.key === 'redacted');
  const key = sealMembers.find((m) => m.key === 'key');
  if (redacted) {
    kept.push({ key: 'sealed', text: redacted.text });
  } else if (values.size > 0) {
    if (!key) throw new Error('the event has personal values but no seal key');
    const seed = fromBase64(JSON.parse(key.text) as string);
    const sealed: Member[] = [];
    for (const path of [...values.keys()].sort()) {
      const salt = (await sha256(seed, enc.encode(path))).slice(0, 16);
      sealed.push({ key: path, text: JSON.stringify(toBase64(await sha256(salt, values.get(path)!))) });
    }
    kept.push({ key: 'sealed', text: objectText(sealed) });
  }
  return objectText(kept);
}

// SHA-256(0x00 ‖ leaf bytes), standard base64: the event's `leaf_hash`.
export async function leafHash(text: string): Promise<string> {
  return toBase64(await sha256(new Uint8Array([0]), new TextEncoder().encode(await leafBytes(text))));
}
