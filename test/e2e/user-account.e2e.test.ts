/**
 * The app account when the base image already has the uid or gid (issue 12 item 8, issue 13 item 10),
 * with real shadow-utils: a manifest with macOS ids (uid 501, gid 20 = Debian's dialout) is built and
 * run; the generated user-creation shell is run in an image shaped like ubuntu:24.04 (user `ubuntu`
 * 1000, built here from the python stand-in, since no registry is reachable) and against `nobody`.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { e2eContext } from './lib/context.js';
import { buildImage, Resources } from './lib/docker.js';
import { CLI, prepareFixture } from './lib/fixture.js';
import { check, run } from './lib/exec.js';

/** The `RUN` of the runtime stage that creates the account, as the shell text after `RUN`. */
function accountShell(dockerfile: string): string {
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  // The account commands follow the entrypoint's sed/chmod in the same RUN (issue 14: one step).
  const start = runtime.indexOf('&& if ! getent group');
  expect(start, 'the account RUN').toBeGreaterThan(0);
  const lines: string[] = [];
  for (const line of runtime.slice(start + 3).split('\n')) {
    lines.push(line);
    if (!line.endsWith('\\')) break;
  }
  // Only the account part: the setuid sweep and chowns of the full RUN are not needed here.
  return lines.join('\n').replace(/ \\\n {4}&& mkdir -p \/app[\s\S]*$/, '');
}

describe('the app account on bases that already have its uid or gid', () => {
  const ctx = e2eContext();
  const resources = new Resources();
  afterAll(() => resources.cleanup());

  it('a gid-20 manifest (macOS: uid 501, gid 20) builds, runs as 501:20 and the group is Debian\'s dialout', async () => {
    const dir = resources.dir(await prepareFixture('script'));
    appendFileSync(join(dir, 'pyenv.yaml'), 'user:\n  uid: 501\n  gid: 20\n');
    await check(process.execPath, [CLI, 'compile', join(dir, 'pyenv.yaml'), '--force'], { timeoutMs: 60_000 });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('getent group 20');
    const image = resources.image(`pyenvc-e2e-conda-gid20:${ctx.runId}`);
    await buildImage(dir, image, 'conda-gid20');
    const id = await run('docker', ['run', '--rm', image, 'id'], { timeoutMs: 60_000 });
    expect(id.code, id.stderr).toBe(0);
    expect(id.stdout.trim().split('\n').at(-1)).toBe('uid=501(app) gid=20(dialout) groups=20(dialout)');
    const home = await run('docker', ['run', '--rm', '--entrypoint', 'stat', image, '-c', '%u:%g %a', '/home/app'], { timeoutMs: 60_000 });
    expect(home.stdout.trim()).toBe('501:20 2775'); // HOME group-writable and setgid, not world-writable (issue 13 item 6)
    const script = await run('docker', ['run', '--rm', image], { timeoutMs: 60_000 });
    expect(script.code, script.stderr).toBe(0);
  });

  it('on an ubuntu:24.04-shaped base (user ubuntu = 1000, in adm) the generated shell renames ubuntu to app; plain groupadd exits 4 there', async () => {
    const base = resources.image(`pyenvc-e2e-conda-ubuntu-like:${ctx.runId}`);
    const build = await run('docker', ['build', '-t', base, '-'], {
      input: 'FROM python:3.11-slim\nRUN groupadd --gid 1000 ubuntu && useradd --uid 1000 --gid 1000 --groups adm --create-home --shell /bin/bash ubuntu\n',
      env: { ...process.env, DOCKER_BUILDKIT: '1' },
      timeoutMs: 5 * 60_000,
    });
    expect(build.code, build.stderr).toBe(0);
    const dir = resources.dir(await prepareFixture('script'));
    const shell = accountShell(readFileSync(join(dir, 'Dockerfile'), 'utf8'));
    const r = await run('docker', ['run', '--rm', '--user', '0:0', '--entrypoint', '/bin/sh', base, '-c', `${shell} && id app && getent passwd app && stat -c '%u:%g' /home/app && ! getent passwd ubuntu`], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n');
    expect(out[0]).toBe('uid=1000(app) gid=1000(ubuntu) groups=1000(ubuntu)');
    expect(out[1]).toBe('app:x:1000:1000::/home/app:/usr/sbin/nologin');
    expect(out[2]).toBe('1000:1000');
    // Control: the command pyenvc generated before exits 4 on this base (groupadd(8) EXIT VALUES).
    const old = await run('docker', ['run', '--rm', '--user', '0:0', '--entrypoint', '/bin/sh', base, '-c', 'groupadd --gid 1000 app'], { timeoutMs: 60_000 });
    expect(old.code).toBe(4);
    expect(old.stderr).toMatch(/GID '1000' already exists/);
  });

  it('uid and gid 65534 (nobody/nogroup): the account is renamed, HOME is made and owned by it', async () => {
    const dir = resources.dir(await prepareFixture('script'));
    appendFileSync(join(dir, 'pyenv.yaml'), 'user:\n  uid: 65534\n  gid: 65534\n');
    await check(process.execPath, [CLI, 'compile', join(dir, 'pyenv.yaml'), '--force'], { timeoutMs: 60_000 });
    const shell = accountShell(readFileSync(join(dir, 'Dockerfile'), 'utf8'));
    const r = await run('docker', ['run', '--rm', '--user', '0:0', '--entrypoint', '/bin/sh', 'python:3.11-slim', '-c', `${shell} && id app && stat -c '%u:%g' /home/app`], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['uid=65534(app) gid=65534(nogroup) groups=65534(nogroup)', '65534:65534']);
  });
});
