import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, buildUrl } from './api';

describe('ApiClient', () => {
  it('sends the credential and builds the query string without empty values', async () => {
    let seen: [string, RequestInit | undefined] | undefined;
    const api = new ApiClient('vk_x', async (url, init) => {
      seen = [String(url), init];
      return new Response('{"events":[]}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    await api.events({ q: 'status:error', limit: 50, cursor: undefined });
    expect(seen![0]).toBe('/v1/events?q=status%3Aerror&limit=50');
    expect((seen![1]!.headers as Record<string, string>).Authorization).toBe('Bearer vk_x');
    expect(buildUrl('/v1/facets', { q: '', top: 5 })).toBe('/v1/facets?top=5');
  });

  it('asks for a download link with POST and the export parameters', async () => {
    let seen: [string, RequestInit | undefined] | undefined;
    const api = new ApiClient('vt.x', async (url, init) => {
      seen = [String(url), init];
      return new Response('{"url":"/v1/export/links/dl_a","expires_at":"2026-11-23T00:01:00.000Z"}', { status: 201 });
    });
    const link = await api.exportLink({ q: 'status:error', format: 'csv' });
    expect(link.url).toBe('/v1/export/links/dl_a');
    expect(seen![0]).toBe('/v1/export/links?q=status%3Aerror&format=csv');
    expect(seen![1]!.method).toBe('POST');
    expect((seen![1]!.headers as Record<string, string>).Authorization).toBe('Bearer vt.x');
  });

  it("turns the API's error shape into an ApiError with its message", async () => {
    const body = '{"error":{"status":401,"code":"unauthenticated","message":"API key key_1 was revoked at 2026-11-22T10:00:00.000Z"}}';
    const api = new ApiClient('vk_x', async () => new Response(body, { status: 401 }));
    const err = await api.events({ q: '', limit: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.code, err.message]).toEqual([401, 'unauthenticated', 'API key key_1 was revoked at 2026-11-22T10:00:00.000Z']);
  });

  it('keeps an abort an abort, even while an error body is read', async () => {
    const ac = new AbortController();
    const stream = new ReadableStream({
      start() {
        ac.abort();
      },
      pull(c) {
        c.error(new DOMException('aborted', 'AbortError'));
      },
    });
    const api = new ApiClient('vk_x', async () => new Response(stream, { status: 401 }));
    const err = await api.events({ q: '', limit: 1 }, ac.signal).catch((e) => e);
    expect(err).toBeInstanceOf(DOMException);
    expect(err.name).toBe('AbortError');
  });
});
