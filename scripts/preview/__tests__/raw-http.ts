/**
 * HTTP helpers for the preview server tests that need what fetch forbids:
 * any Host or Origin header, malformed request lines, raw bytes. Loopback only.
 */
import * as http from 'node:http';
import * as net from 'node:net';

/** Where the tests talk to the server: never anything but this machine. */
export const LOOPBACK = '127.0.0.1';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Give up (reject) after this many ms. */
  timeoutMs?: number;
}

/** One request through node:http with exactly the given headers (Host included). */
export function request(port: number, options: RawRequest = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: LOOPBACK,
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers,
        agent: false,
        timeout: options.timeoutMs ?? 5000
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks)
          })
        );
        response.on('error', reject);
      }
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('request timed out')));
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/**
 * Writes raw bytes to a fresh connection and resolves everything the server
 * sends back until it closes the connection or `timeoutMs` passes.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  timeoutMs = 2000
): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOOPBACK, port });
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}

/** The status code of the first response in a raw exchange, or 0 when there is none. */
export function rawStatus(answer: string): number {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return match ? Number(match[1]) : 0;
}
