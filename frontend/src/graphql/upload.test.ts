import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressFetch } from './upload';

class FakeXHR {
  static last: FakeXHR;
  upload: { onprogress?: (e: unknown) => void; onload?: () => void } = {};
  onload?: () => void;
  onerror?: () => void;
  ontimeout?: () => void;
  onabort?: () => void;
  status = 0;
  statusText = '';
  responseText = '';
  responseType = '';
  withCredentials = false;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  aborted = false;
  constructor() {
    FakeXHR.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  getAllResponseHeaders() {
    return 'content-type: application/json\r\nx-request-id: abc\r\n';
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('progressFetch', () => {
  it('sends the body with XMLHttpRequest, reports upload progress, and answers a Response', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXHR);
    const seen: number[] = [];
    const body = new FormData();
    body.append('operations', '{}');
    const pending = progressFetch((p) => seen.push(p.loaded / p.total))('/graphql', {
      method: 'POST',
      body,
      headers: { accept: 'application/json' },
    });
    const xhr = FakeXHR.last;
    expect([xhr.method, xhr.url, xhr.body, xhr.headers.accept]).toEqual(['POST', '/graphql', body, 'application/json']);
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 25, total: 100 });
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 100, total: 100 });
    xhr.status = 200;
    xhr.responseText = '{"data":{"ok":true}}';
    xhr.onload!();
    const res = await pending;
    expect(seen).toEqual([0.25, 1]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ data: { ok: true } });
  });

  it('fails like fetch on a network error, and aborts with the signal', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXHR);
    const failing = progressFetch(() => {})('/graphql', { method: 'POST' });
    FakeXHR.last.onerror!();
    await expect(failing).rejects.toThrow(TypeError);
    const ctl = new AbortController();
    const aborted = progressFetch(() => {})('/graphql', { method: 'POST', signal: ctl.signal });
    ctl.abort();
    await expect(aborted).rejects.toThrow(/Abort/);
    expect(FakeXHR.last.aborted).toBe(true);
  });
});
