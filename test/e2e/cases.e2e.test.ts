/**
 * Dynamic checks of cases that need a deliberately damaged checkout or a log scan, on copies of the
 * fixtures (the rest of the cases' dynamic checks run in fixtures.e2e.test.ts, named by case id).
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { e2eContext } from './lib/context.js';
import { buildImage, hostPort, logs, Resources, runDetached, waitHealthy } from './lib/docker.js';
import { prepareFixture } from './lib/fixture.js';
import { run } from './lib/exec.js';

describe('case checks on damaged checkouts and logs', () => {
  const ctx = e2eContext();
  const resources = new Resources();
  const tag = (what: string) => resources.image(`pyenvc-e2e-case-${what}:${ctx.runId}`);
  afterAll(() => resources.cleanup());

  it('C13 C14 an entrypoint with CRLF endings and mode 0644 (Windows checkout, zip download) still builds and runs; in the image it is 755', async () => {
    const dir = resources.dir(await prepareFixture('flask'));
    const script = join(dir, 'docker-entrypoint.sh');
    writeFileSync(script, readFileSync(script, 'utf8').replace(/\n/g, '\r\n'));
    chmodSync(script, 0o644);
    const image = tag('crlf');
    await buildImage(dir, image, 'case-crlf');
    const mode = await run('docker', ['run', '--rm', '--entrypoint', 'stat', image, '-c', '%a', '/usr/local/bin/docker-entrypoint.sh']);
    expect(mode.stdout.trim()).toBe('755');
    const cr = await run('docker', ['run', '--rm', '--entrypoint', 'grep', image, '-c', '\r', '/usr/local/bin/docker-entrypoint.sh']);
    expect(cr.stdout.trim()).toBe('0');
    const container = await runDetached(resources, `pyenvc-e2e-case-crlf-${ctx.runId}`, ['--health-interval=1s', '-p', '127.0.0.1::8000'], image);
    await waitHealthy(container, 60_000);
    const port = await hostPort(container, 8000);
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
  });

  it('C06 Jupyter starts without "moved"/"deprecated" option warnings in its log', async () => {
    const dir = resources.dir(await prepareFixture('jupyter-token'));
    const image = tag('jupyter');
    await buildImage(dir, image, 'case-jupyter');
    const container = await runDetached(resources, `pyenvc-e2e-case-jupyter-${ctx.runId}`, ['--health-interval=1s', '-p', '127.0.0.1::8888', '-e', 'JUPYTER_TOKEN=case-c06'], image);
    await waitHealthy(container, 90_000);
    const text = await logs(container);
    expect(text).toMatch(/Jupyter Notebook .* is running|Jupyter Server .* is running/);
    expect(text).not.toMatch(/has moved from|is deprecated|DeprecationWarning: .*(NotebookApp|ServerApp)/i);
    expect(text).not.toContain('case-c06');
  });

  it('getpass.getuser() answers for a uid with no passwd entry (compose match_host_user; issue 13, item 9); no setuid file is left (item 7)', async () => {
    const dir = resources.dir(await prepareFixture('script'));
    const image = tag('getpass');
    await buildImage(dir, image, 'case-getpass');
    const code = 'import getpass, os; print(os.getuid(), getpass.getuser())';
    const r = await run('docker', ['run', '--rm', '--user', '12345:12345', image, 'python', '-c', code], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('12345 app');
    // Issue 13, item 7: no setuid or setgid file is left in the image (the base has su, mount, passwd, ...).
    const setuid = await run('docker', ['run', '--rm', '--user', '0:0', '--entrypoint', 'find', image, '/', '-xdev', '(', '-perm', '-4000', '-o', '-perm', '-2000', ')', '-type', 'f'], { timeoutMs: 60_000 });
    expect(setuid.code, setuid.stderr).toBe(0);
    expect(setuid.stdout.trim(), 'setuid/setgid files').toBe('');
    const base = await run('docker', ['run', '--rm', '--entrypoint', 'find', 'python:3.11-slim', '/', '-xdev', '-perm', '-4000', '-type', 'f'], { timeoutMs: 60_000 });
    expect(base.stdout, 'positive control: the base image has setuid files').toMatch(/\/su\b|passwd|mount/);
    // Negative control: without the variables getpass falls back to the passwd database and fails.
    const bare = await run('docker', ['run', '--rm', '--user', '12345:12345', '-e', 'USER=', '-e', 'LOGNAME=', image, 'python', '-c', 'import getpass; getpass.getuser()'], { timeoutMs: 60_000 });
    expect(bare.code).not.toBe(0);
  });
});
