// fetch over XMLHttpRequest, for requests whose upload progress a form
// shows: fetch() reports none. urql builds the body (a GraphQL multipart
// request when the variables hold files: operations, map, then the files)
// and hands it here through the operation's context:
//   client.mutation(doc, vars, { fetch: progressFetch(setProgress) })
export type Progress = { loaded: number; total: number };

export function progressFetch(onProgress: (p: Progress) => void): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      xhr.open(init.method ?? 'GET', url, true);
      xhr.withCredentials = true; // same origin: the session cookie goes anyway
      const headers = new Headers(init.headers);
      headers.forEach((value, key) => xhr.setRequestHeader(key, value));
      xhr.responseType = 'text';
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress({ loaded: e.loaded, total: e.total });
      };
      xhr.upload.onload = () => onProgress({ loaded: 1, total: 1 });
      xhr.onload = () => {
        const responseHeaders = new Headers();
        for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
          const i = line.indexOf(':');
          if (i > 0) responseHeaders.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
        }
        resolve(new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: responseHeaders }));
      };
      xhr.onerror = () => reject(new TypeError('Network request failed'));
      xhr.ontimeout = () => reject(new TypeError('Network request timed out'));
      xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
      if (init.signal) {
        if (init.signal.aborted) {
          xhr.abort();
          return;
        }
        init.signal.addEventListener('abort', () => xhr.abort(), { once: true });
      }
      xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
    });
}
