/** HTTP/1.1 request and response messages. */
import { ascii, concat } from './bytes.js';

export interface HttpRequestOpts {
  method?: string;
  path: string;
  host: string;
  userAgent?: string;
  /** Extra header lines, in order (e.g. ['Authorization: Basic dXNlcjpwYXNz']). */
  headers?: string[];
  body?: Uint8Array;
}

export function httpRequest(o: HttpRequestOpts): Uint8Array {
  const lines = [`${o.method ?? 'GET'} ${o.path} HTTP/1.1`, `Host: ${o.host}`];
  lines.push(`User-Agent: ${o.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'}`);
  lines.push('Accept: */*', 'Accept-Encoding: gzip, deflate', 'Connection: keep-alive');
  lines.push(...(o.headers ?? []));
  if (o.body) lines.push(`Content-Length: ${o.body.length}`);
  return concat([ascii(lines.join('\r\n') + '\r\n\r\n'), o.body ?? new Uint8Array(0)]);
}

export interface HttpResponseOpts {
  status?: number;
  reason?: string;
  server?: string;
  contentType?: string;
  /** RFC 7231 IMF-fixdate, fixed so that samples are deterministic. */
  date?: string;
  body: Uint8Array;
  headers?: string[];
}

export function httpResponse(o: HttpResponseOpts): Uint8Array {
  const lines = [
    `HTTP/1.1 ${o.status ?? 200} ${o.reason ?? 'OK'}`,
    `Date: ${o.date ?? 'Mon, 01 Jan 2024 00:00:00 GMT'}`,
    `Server: ${o.server ?? 'nginx/1.24.0'}`,
    `Content-Type: ${o.contentType ?? 'text/html; charset=utf-8'}`,
    `Content-Length: ${o.body.length}`,
    ...(o.headers ?? []),
  ];
  return concat([ascii(lines.join('\r\n') + '\r\n\r\n'), o.body]);
}

/** The value of an `Authorization: Basic` header for user and password. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'latin1').toString('base64')}`;
}
