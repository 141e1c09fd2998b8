import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import type { ServerSentEvent } from './sse';
import { FIRST_RETRY_MS, MAX_RETRY_MS, followStream, type FollowState } from './tail_follow';

// A stream body from SSE text, ended after it (the server closed it).
const body = (text: string) => new Response(text, { headers: { 'Content-Type': 'text/event-stream' } });

// Runs followStream over a scripted list of attempts; each either answers a
// Response or throws. Stops (aborts) after the last one.
async function run(attempts: (() => Response)[]) {
  const ac = new AbortController();
  const lastIds: (string | undefined)[] = [];
  const waits: number[] = [];
  const states: FollowState[] = [];
  const events: ServerSentEvent[] = [];
  let n = 0;
  const done = followStream({
    open: async (lastId) => {
      lastIds.push(lastId);
      const attempt = attempts[n++];
      if (!attempt) {
        ac.abort();
        throw new DOMException('aborted', 'AbortError');
      }
      return attempt();
    },
    onEvent: (e) => events.push(e),
    onState: (s) => states.push(s),
    signal: ac.signal,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { done, lastIds, waits, states, events };
}

describe('followStream', () => {
  it('reconnects with the last id received, after an end and after failures', async () => {
    const refused = () => {
      throw new TypeError('Failed to fetch');
    };
    const r = await run([
      () => body('retry: 1000\nid: 6\n: tail open\n\nid: 7\nevent: event\ndata: a\n\nid: 8\nevent: event\ndata: b\n\n'),
      refused,
      refused,
      () => body('id: 9\nevent: event\ndata: c\n\n'),
    ]);
    await r.done;
    expect(r.events.map((e) => e.data)).toEqual(['a', 'b', 'c']);
    expect(r.lastIds).toEqual([undefined, '8', '8', '8', '9']);
    // retry: 1000 sets the first wait; failures double it; an open stream starts over.
    expect(r.waits).toEqual([1000, 2000, 4000, 1000]);
    expect(r.states.map((s) => s.kind)).toEqual(['open', 'waiting', 'waiting', 'waiting', 'open', 'waiting']);
    expect(r.states[1]).toEqual({ kind: 'waiting', reason: 'the server ended the stream', retryInMs: 1000 });
    expect(r.states[2]).toEqual({ kind: 'waiting', reason: 'Failed to fetch', retryInMs: 2000 });
  });

  it('resumes from where a stream opened when no event came before it ended', async () => {
    const r = await run([() => body('retry: 2000\nid: 41\n: tail open\n\n'), () => body('id: 42\nevent: event\ndata: x\n\n')]);
    await r.done;
    expect(r.lastIds).toEqual([undefined, '41', '42']);
    expect(r.events.map((e) => e.data)).toEqual(['x']);
  });

  it('waits at most MAX_RETRY_MS, starting from FIRST_RETRY_MS', async () => {
    const down = () => {
      throw new ApiError(503, 'unavailable', 'shutting down');
    };
    const r = await run(Array(8).fill(down));
    await r.done;
    expect(r.waits[0]).toBe(FIRST_RETRY_MS);
    expect(Math.max(...r.waits)).toBe(MAX_RETRY_MS);
    expect(r.waits.at(-1)).toBe(MAX_RETRY_MS);
  });

  it('gives up on a refusal that retrying cannot cure', async () => {
    const r = await run([
      () => body('id: 3\nevent: event\ndata: a\n\n'),
      () => {
        throw new ApiError(401, 'unauthenticated', 'API key key_1 was revoked');
      },
    ]);
    const err = await r.done.catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(r.lastIds).toEqual([undefined, '3']);
    for (const status of [408, 429]) {
      const again = await run([
        () => {
          throw new ApiError(status, 'x', 'later');
        },
      ]);
      await again.done; // retried, then stopped by the script's end
      expect(again.lastIds).toEqual([undefined, undefined]);
    }
  });
});
