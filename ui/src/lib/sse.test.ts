import { describe, expect, it } from 'vitest';
import { SseParser, type ServerSentEvent } from './sse';

describe('SseParser', () => {
  it('parses events split across chunks, skipping comments', () => {
    const got: ServerSentEvent[] = [];
    const p = new SseParser((e) => got.push(e));
    for (const chunk of ['retry: 2000\n\n: keep-alive\n\nid: 10', '42\nevent: event\ndata: {"seq":', '1042}\n', '\nid: 1043\r\ndata: a\r\ndata: b\r\n\r\n']) {
      p.push(chunk);
    }
    expect(got).toEqual([
      { id: '1042', event: 'event', data: '{"seq":1042}' },
      { id: '1043', event: 'message', data: 'a\nb' },
    ]);
  });
});
