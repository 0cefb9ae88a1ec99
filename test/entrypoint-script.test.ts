import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactsOf, compileFolder, FIXTURES } from './helpers/fixtures.js';

/**
 * Runs the generated docker-entrypoint.sh with the host's /bin/sh (dash on Debian, like the image),
 * as a non-root uid through setpriv, to check what it does to the environment before `exec "$@"`.
 */
const dir = mkdtempSync(join(tmpdir(), 'pyenvc-entrypoint-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const setpriv = spawnSync('setpriv', ['--version']).status === 0;
const isRoot = process.getuid?.() === 0;

function script(fixture: string): string {
  const path = join(dir, `${fixture}.sh`);
  writeFileSync(path, artifactsOf(compileFolder(join(FIXTURES, fixture)))['docker-entrypoint.sh']!, { mode: 0o755 });
  return path;
}

function run(path: string, env: Record<string, string>, command: string, asUser: boolean) {
  const argv = asUser ? ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', 'sh', path, 'sh', '-c', command] : ['sh', path, 'sh', '-c', command];
  return spawnSync(argv[0]!, argv.slice(1), { env: { PATH: '/usr/bin:/bin', HOME: join(dir, 'home'), ...env }, encoding: 'utf8' });
}

describe('the generated entrypoint script, executed', () => {
  it.runIf(isRoot)('refuses to run as root with a message that names the fix (C07, match_host_user with UID=0)', () => {
    const r = run(script('flask'), {}, 'echo started', false);
    expect(r.status).toBe(64);
    expect(r.stdout).not.toContain('started');
    expect(r.stderr).toContain('must not run as root');
  });

  it.runIf(isRoot && setpriv)('leaves ordinary *_FILE settings alone and reads JUPYTER_TOKEN_FILE without printing the token', () => {
    const token = join(dir, 'token');
    writeFileSync(token, 's3cret-token', { mode: 0o644 });
    const home = join(dir, 'home');
    spawnSync('mkdir', ['-p', home]);
    chmodSync(home, 0o1777);
    const r = run(script('jupyter-token'), { SSL_CERT_FILE: '/etc/hostname', LOG_FILE: '/etc/hostname', JUPYTER_TOKEN_FILE: token }, 'printf "%s|%s|%s|%s" "$JUPYTER_TOKEN" "${SSL_CERT_FILE:-unset}" "${SSL_CERT:-unset}" "${JUPYTER_TOKEN_FILE:-unset}"', true);
    expect(r.stderr).not.toContain('s3cret-token');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('s3cret-token|/etc/hostname|unset|unset');
    expect(r.stderr).toContain('pyenvc: Jupyter auth: token, read from the file named by JUPYTER_TOKEN_FILE');
  });

  it.runIf(isRoot && setpriv)('password mode without a password stops with a clear message and no default (tutorial 3)', () => {
    const r = run(script('tutorial-notebook-password'), { password: 'lower-case' }, 'echo started', true);
    expect(r.status).toBe(64);
    expect(r.stdout).not.toContain('started');
    expect(r.stderr).toContain('There is no default password');
    expect(r.stderr).toContain("found a lower-case 'password' variable");
    expect(r.stderr).not.toContain('lower-case\n');
  });
});
