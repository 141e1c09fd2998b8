// Follows a server-sent event stream the way EventSource does, over fetch
// (which can send the Authorization header): when the stream ends or the
// connection fails, it waits and opens it again with `Last-Event-ID` set to
// the last id received, so the server resumes right after it and nothing
// that arrived meanwhile is missed or shown twice (docs/api.md "Live tail";
// /v1/stream names its starting point as the first id, before any event).
//
// The wait starts at the stream's `retry:` (2 s before one arrives), doubles
// after each failed attempt up to 30 s, and starts over once a stream is
// open. A refusal that asking again cannot cure (a 4xx other than 408 and
// 429: a bad query, a revoked key) ends the follow with that error.
import { ApiError } from './api';
import { readEvents, type ServerSentEvent } from './sse';

export type FollowState = { kind: 'open' } | { kind: 'waiting'; reason: string; retryInMs: number };

export interface FollowOptions {
  // Opens the stream; lastEventId is undefined on the first attempt.
  open: (lastEventId: string | undefined, signal: AbortSignal) => Promise<Response>;
  onEvent: (e: ServerSentEvent) => void;
  onState: (s: FollowState) => void;
  signal: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const FIRST_RETRY_MS = 2000;
export const MAX_RETRY_MS = 30000;

// Resolves when the signal aborts; rejects with the ApiError of a refusal
// that retrying cannot cure.
export async function followStream(o: FollowOptions): Promise<void> {
  const sleep = o.sleep ?? abortableSleep;
  let lastId: string | undefined;
  let base = FIRST_RETRY_MS;
  let delay = base;
  while (!o.signal.aborted) {
    let reason: string;
    try {
      const r = await o.open(lastId, o.signal);
      o.onState({ kind: 'open' });
      delay = base;
      await readEvents(r.body!, o.onEvent, {
        onId: (id) => (lastId = id),
        onRetry: (ms) => {
          base = ms;
          delay = ms;
        },
      });
      reason = 'the server ended the stream';
    } catch (e) {
      if (o.signal.aborted) return;
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) throw e;
      reason = e instanceof Error ? e.message : String(e);
    }
    if (o.signal.aborted) return;
    o.onState({ kind: 'waiting', reason, retryInMs: delay });
    try {
      await sleep(delay, o.signal);
    } catch {
      return; // aborted while waiting
    }
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms);
    function done() {
      signal.removeEventListener('abort', stop);
      resolve();
    }
    function stop() {
      clearTimeout(t);
      reject(new DOMException('aborted', 'AbortError'));
    }
    signal.addEventListener('abort', stop, { once: true });
  });
}
