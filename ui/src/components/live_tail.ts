// Live tail: /v1/stream?q= read as server-sent events while it is on; new
// events go to onEvents, held back while paused. When the stream ends or
// the connection fails it reconnects where it left off (lib/tail_follow.ts)
// and says so meanwhile (notice); a refusal (bad query, revoked key) switches
// it off and says why (error; a 401 also goes to onAuthError).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type ApiClient } from '../lib/api';
import type { AuditEvent } from '../lib/event';
import { followStream } from '../lib/tail_follow';

export interface LiveTail {
  on: boolean;
  paused: boolean;
  held: number; // events waiting while paused
  error: string | null;
  notice: string | null; // reconnecting
  setOn: (on: boolean) => void;
  setPaused: (paused: boolean) => void;
}

export function useLiveTail(
  api: ApiClient,
  q: string,
  onEvents: (events: AuditEvent[]) => void,
  onAuthError: (e: ApiError) => void,
): LiveTail {
  const [on, setOn] = useState(false);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const queue = useRef<AuditEvent[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const deliver = useRef(onEvents);
  deliver.current = onEvents;
  const authError = useRef(onAuthError);
  authError.current = onAuthError;

  useEffect(() => {
    if (!on) return;
    const ac = new AbortController();
    setError(null);
    setNotice(null);
    followStream({
      open: (lastId, signal) => api.fetchRaw('/v1/stream', { q }, signal, lastId ? { 'Last-Event-ID': lastId } : {}),
      onEvent: (e) => {
        if (e.event !== 'event') return;
        queue.current.push(JSON.parse(e.data) as AuditEvent);
        if (pausedRef.current) setHeld(queue.current.length);
        else flush();
      },
      onState: (s) =>
        setNotice(s.kind === 'open' ? null : `Live tail interrupted (${s.reason}); reconnecting in ${Math.round(s.retryInMs / 1000)} s`),
      signal: ac.signal,
    }).catch((e) => {
      if (e instanceof ApiError && e.status === 401) authError.current(e);
      setError(`Live tail stopped: ${String(e?.message ?? e)}`);
      setNotice(null);
      setOn(false);
    });
    return () => ac.abort();
  }, [api, q, on]);

  const flush = () => {
    const events = queue.current;
    queue.current = [];
    setHeld(0);
    if (events.length) deliver.current(events);
  };
  useEffect(() => {
    if (!paused) flush();
  }, [paused]);
  useEffect(() => {
    if (!on) {
      queue.current = [];
      setHeld(0);
      setPaused(false);
      setNotice(null);
    }
  }, [on]);
  return { on, paused, held, error, notice, setOn, setPaused };
}
