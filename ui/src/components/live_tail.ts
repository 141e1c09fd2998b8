// Live tail: /v1/stream?q= read as server-sent events while it is on; new
// events go to onEvents, held back while paused. When the stream ends or
// fails the tail switches off and says why (error).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../lib/api';
import type { AuditEvent } from '../lib/event';
import { readEvents } from '../lib/sse';

export interface LiveTail {
  on: boolean;
  paused: boolean;
  held: number; // events waiting while paused
  error: string | null;
  setOn: (on: boolean) => void;
  setPaused: (paused: boolean) => void;
}

export function useLiveTail(api: ApiClient, q: string, onEvents: (events: AuditEvent[]) => void): LiveTail {
  const [on, setOn] = useState(false);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const queue = useRef<AuditEvent[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const deliver = useRef(onEvents);
  deliver.current = onEvents;

  useEffect(() => {
    if (!on) return;
    const ac = new AbortController();
    setError(null);
    api
      .fetchRaw('/v1/stream', { q }, ac.signal)
      .then((r) =>
        readEvents(r.body!, (e) => {
          if (e.event !== 'event') return;
          queue.current.push(JSON.parse(e.data) as AuditEvent);
          if (pausedRef.current) setHeld(queue.current.length);
          else flush();
        }),
      )
      .then(() => {
        // The server ended the tail (it is shutting down): say so, switch off.
        setError('Live tail ended by the server');
        setOn(false);
      })
      .catch((e) => {
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setError(`Live tail stopped: ${String(e?.message ?? e)}`);
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
    }
  }, [on]);
  return { on, paused, held, error, setOn, setPaused };
}
