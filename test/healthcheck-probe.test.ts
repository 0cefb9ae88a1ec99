// The HEALTHCHECK probe, run for real: the exec-form command of a compiled Dockerfile is executed with
// this machine's python3 against a local HTTP server that answers a chosen status. A path the user did
// not choose (a preset's `/`, `/docs`, `/api`) is healthy for any answer below 500 — Django answers 400
// to a Host outside ALLOWED_HOSTS, FastAPI's /docs is 404 when docs are off (issue 12, item 13) — while a
// path the user chose must answer 2xx or 3xx.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFolder, FIXTURES } from './helpers/fixtures.js';
import { join } from 'node:path';

let server: Server;
let port = 0;
let seen: { path: string; host: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', host: req.headers.host ?? '' });
    const status = Number(/status=(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
    res.writeHead(status, status >= 300 && status < 400 ? { location: '/elsewhere' } : {}).end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The HEALTHCHECK exec form of a fixture's Dockerfile. */
function probeOf(fixture: string): string[] {
  const dockerfile = compileFolder(join(FIXTURES, fixture)).artifacts.find((a) => a.path.endsWith('Dockerfile'))!.contents;
  const line = /^HEALTHCHECK .*\\\n\s+CMD (\[.*\])$/m.exec(dockerfile)![1]!;
  return JSON.parse(line) as string[];
}

/** Runs the probe with the host's python3 against our server (in this process, so not spawnSync), on `path`; the exit code. */
function probe(form: string[], path: string, atPort = port): Promise<number | null> {
  const [, ...args] = form;
  args[2] = String(atPort);
  args[3] = path;
  return new Promise((resolve) => {
    const child = spawn('python3', args, { stdio: 'ignore', timeout: 10_000 });
    child.on('close', (code) => resolve(code));
  });
}

describe('HEALTHCHECK probe', () => {
  it('a preset path (django: /) is healthy for 2xx, 3xx and 4xx, unhealthy for 5xx', async () => {
    const form = probeOf('django');
    expect(form.at(-1)).toBe('500');
    for (const status of [200, 302, 400, 404]) expect(await probe(form, `/?status=${status}`), `HTTP ${status}`).toBe(0);
    for (const status of [500, 503]) expect(await probe(form, `/?status=${status}`), `HTTP ${status}`).toBe(1);
  });

  it('a path the user chose (flask fixture: /healthz) must answer 2xx or 3xx', async () => {
    const form = probeOf('flask');
    expect(form.at(-1)).toBe('400');
    seen = [];
    for (const status of [200, 204, 301]) expect(await probe(form, `/healthz?status=${status}`), `HTTP ${status}`).toBe(0);
    for (const status of [400, 404, 500]) expect(await probe(form, `/healthz?status=${status}`), `HTTP ${status}`).toBe(1);
    // one GET per probe, to the path asked for, redirects not followed
    expect(seen.map((s) => s.path)).toEqual(['/healthz?status=200', '/healthz?status=204', '/healthz?status=301', '/healthz?status=400', '/healthz?status=404', '/healthz?status=500']);
    expect(seen[0]!.host).toBe(`127.0.0.1:${port}`);
  });

  it('no server on the port is unhealthy', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    expect(await probe(probeOf('django'), '/', closed)).toBe(1);
  });
});
