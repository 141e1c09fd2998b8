// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { leafBytes, leafHash, objectMembers } from './leaf';

// The worked example of docs/format/ledger.md (src/ledger/seal_test.cc).
const EVENT =
  '{"seq":0,"id":"ev1","time":"2023-11-14T22:13:20.000Z","tenant":"acme","action":"user.login","status":"success","actor":{"id":"u1","name":"Ada","email":"ada@example.com","type":"user"},"context":{"ip":"203.0.113.9","method":"POST"},"received_at":"2023-11-14T22:13:20.123Z","seal":{"key":"AAECAwQFBgcICQoLDA0ODw=="},"ledger":{"seq":0,"size":1,"proof":[]}}';
const LEAF =
  '{"id":"ev1","time":"2023-11-14T22:13:20.000Z","tenant":"acme","action":"user.login","status":"success","actor":{"id":"u1","type":"user"},"context":{"method":"POST"},"received_at":"2023-11-14T22:13:20.123Z","sealed":{"actor.email":"M94CYh/Oun8qdZhBhCOI9o58S+mHdCMVWsHFEHh0fcY=","actor.name":"RU3fpwdzYSNQ57SQU7mwkOnLtO2SuOBESHGVgsV9fao=","context.ip":"+hCLKcas1bYBN6iyDTfCf9g3q3sAjy7sp0G/d5EIL2c="}}';
const HASH = 'FeCQMZV+rgg5Ph7HIUqElK/+tgLUsz2e2MWTST+NL0k=';

describe('leaf hash', () => {
  it('rebuilds the worked example of ledger.md byte for byte', async () => {
    expect(await leafBytes(EVENT)).toBe(LEAF);
    expect(await leafHash(EVENT)).toBe(HASH);
  });

  it('gives a redacted event the same leaf', async () => {
    const sealed = objectMembers(LEAF).find((m) => m.key === 'sealed')!.text;
    const redacted = EVENT.replace('"name":"Ada","email":"ada@example.com",', '')
      .replace('"ip":"203.0.113.9",', '')
      .replace('{"key":"AAECAwQFBgcICQoLDA0ODw=="}', `{"redacted":${sealed}}`);
    expect(await leafHash(redacted)).toBe(HASH);
  });

  it('notices any change to the event', async () => {
    for (const changed of [
      EVENT.replace('user.login', 'user.logout'),
      EVENT.replace('ada@example.com', 'eve@example.com'),
      EVENT.replace('"AAECAwQFBgcICQoLDA0ODw=="', '"AAECAwQFBgcICQoLDA0ODg=="'),
    ]) {
      expect(await leafHash(changed)).not.toBe(HASH);
    }
  });

  it('keeps strings and numbers exactly as written', async () => {
    const e = '{"seq":3,"id":"a\\"b","time":"t","status":"success","context":{"duration_ms":356.5},"metadata":{"n":1e+21,"s":"\\u00e9"},"received_at":"t"}';
    expect(await leafBytes(e)).toBe('{"id":"a\\"b","time":"t","status":"success","context":{"duration_ms":356.5},"metadata":{"n":1e+21,"s":"\\u00e9"},"received_at":"t"}');
  });
});
