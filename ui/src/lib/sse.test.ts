import { describe, expect, it } from 'vitest';
import { SseParser, type ServerSentEvent } from './sse';

describe('SseParser', () => {
  it('parses events split across chunks, skipping comments', () => {
    const got: ServerSentEvent[] = [];
    const retries: number[] = [];
    const ids: string[] = [];
    const p = new SseParser((e) => got.push(e), { onRetry: (ms) => retries.push(ms), onId: (id) => ids.push(id) });
    for (const chunk of ['retry: 2000\nid: 9\n\n: keep-alive\n\nid: 10', '42\nevent: event\ndata: {"seq":', '1042}\n', '\nid: 1043\r\ndata: a\r\ndata: b\r\n\r\n']) {
      p.push(chunk);
    }
    expect(got).toEqual([
      { id: '1042', event: 'event', data: '{"seq":1042}' },
      { id: '1043', event: 'message', data: 'a\nb' },
    ]);
    expect(retries).toEqual([2000]);
    // Every block after the first id names the last one, data or not.
    expect(ids).toEqual(['9', '9', '1042', '1043']);
  });
});
