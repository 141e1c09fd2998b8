// Server-sent events read from a fetch() body (EventSource cannot send an
// Authorization header): the text/event-stream format of the HTML standard,
// as /v1/stream writes it (docs/api.md "Live tail").

export interface ServerSentEvent {
  id?: string;
  event: string; // "message" when the stream names none
  data: string;
}

export interface SseHooks {
  onId?: (id: string) => void; // the last event id, after each block that has one
  onRetry?: (ms: number) => void; // the reconnection delay a `retry:` line sets
}

// Feeds chunks of text; calls onEvent for each complete event.
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  constructor(
    private readonly onEvent: (e: ServerSentEvent) => void,
    private readonly hooks: SseHooks = {},
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) return;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      // As EventSource: a block sets the last event id even without data.
      if (this.id !== undefined) this.hooks.onId?.(this.id);
      if (this.data.length > 0) this.onEvent({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return; // a comment: keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.hooks.onRetry?.(Number(value));
  }
}

// Reads a response body to its end (a fetch aborted by its signal ends it
// with an AbortError), passing each event on.
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (e: ServerSentEvent) => void,
  hooks: SseHooks = {},
): Promise<void> {
  const parser = new SseParser(onEvent, hooks);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    parser.push(decoder.decode(value, { stream: true }));
  }
}
