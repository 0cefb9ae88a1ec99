/**
 * The app account when the base image already has its uid or gid (issue 12 item 8, issue 13 item 10):
 * the generated shell is run here against stub account tools that answer from fake /etc/passwd and
 * /etc/group files and record what they were asked to do, so each branch is exercised for real; the
 * same shell is run in the e2e image by test/e2e/user-account.e2e.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountCommand } from '../src/passes/user-account.js';
import { compileFolder, FIXTURES } from './helpers/fixtures.js';
import { codes } from './helpers/case.js';

const DEBIAN_GROUP = 'root:x:0:\ndialout:x:20:\nusers:x:100:\nnogroup:x:65534:\n';
const DEBIAN_PASSWD = 'root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
const UBUNTU_GROUP = `${DEBIAN_GROUP}ubuntu:x:1000:\n`;
const UBUNTU_PASSWD = `${DEBIAN_PASSWD}ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n`;

const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

/** Runs `command` with stub getent (reading the given files) and stub account tools that log their argv. */
function runWithStubs(command: string, passwd: string, group: string): { code: number | null; calls: string[]; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pyenvc-account-'));
  folders.push(dir);
  writeFileSync(join(dir, 'passwd'), passwd);
  writeFileSync(join(dir, 'group'), group);
  const stub = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  // getent DATABASE KEY: the line whose name or number is KEY; exit 2 when there is none (getent(1)).
  stub('getent', `awk -F: -v key="$2" '$1 == key || $3 == key { print; found = 1; exit } END { exit found ? 0 : 2 }' "${dir}/$1"`);
  for (const tool of ['groupadd', 'useradd', 'usermod', 'mkdir', 'chown', 'chmod', 'addgroup', 'adduser']) stub(tool, `echo "${tool} $*" >> "${dir}/calls"`);
  const r = spawnSync('/bin/sh', ['-c', command], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
  let calls: string[] = [];
  try {
    calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
  } catch {
    calls = [];
  }
  return { code: r.status, calls, stderr: r.stderr };
}

const account = (uid: number, gid: number) => ({ name: 'app', uid, gid, home: '/home/app' });

describe('the app account on a base image that already has its uid or gid', () => {
  it('a free uid and gid: groupadd and useradd with those numbers, nothing renamed', () => {
    const r = runWithStubs(createAccountCommand('debian', account(1000, 1000)), DEBIAN_PASSWD, DEBIAN_GROUP);
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls).toEqual(['groupadd --gid 1000 app', 'useradd --no-log-init --uid 1000 --gid 1000 --home-dir /home/app --create-home --shell /usr/sbin/nologin app']);
  });

  it.each([
    [20, 'dialout (macOS staff gid 20)'],
    [100, 'users'],
    [65534, 'nogroup'],
  ])('gid %i (%s) exists: reused by number, no groupadd (which would exit 4)', (gid) => {
    const r = runWithStubs(createAccountCommand('debian', account(501, gid)), DEBIAN_PASSWD, DEBIAN_GROUP);
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls).toEqual([`useradd --no-log-init --uid 501 --gid ${gid} --home-dir /home/app --create-home --shell /usr/sbin/nologin app`]);
  });

  it('ubuntu:24.04 (user and group "ubuntu" are 1000): the group is reused and the user renamed, with HOME, shell and no supplementary groups', () => {
    const r = runWithStubs(createAccountCommand('debian', account(1000, 1000)), UBUNTU_PASSWD, UBUNTU_GROUP);
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls).toEqual([
      "usermod --login app --gid 1000 --groups  --home /home/app --shell /usr/sbin/nologin ubuntu",
      'mkdir -p /home/app',
      'chown 1000:1000 /home/app',
    ]);
  });

  it('a uid taken by a system user (nobody): renamed, its old HOME (/nonexistent, /var/www) is not moved', () => {
    const r = runWithStubs(createAccountCommand('debian', account(65534, 65534)), DEBIAN_PASSWD, DEBIAN_GROUP);
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls[0]).toBe("usermod --login app --gid 65534 --groups  --home /home/app --shell /usr/sbin/nologin nobody");
    expect(r.calls.join('\n')).not.toMatch(/--move-home|-m\b/);
  });

  it('Alpine: a taken gid is reused by its name (busybox adduser -G wants a name); a taken uid stops the build naming the account', () => {
    const reuse = runWithStubs(createAccountCommand('alpine', account(501, 20)), DEBIAN_PASSWD, DEBIAN_GROUP);
    expect(reuse.code, reuse.stderr).toBe(0);
    expect(reuse.calls).toEqual(['adduser -S -D -u 501 -G dialout -h /home/app -s /sbin/nologin app']);
    const fresh = runWithStubs(createAccountCommand('alpine', account(1000, 1000)), DEBIAN_PASSWD, DEBIAN_GROUP);
    expect(fresh.calls).toEqual(['addgroup -S -g 1000 app', 'adduser -S -D -u 1000 -G app -h /home/app -s /sbin/nologin app']);
    const taken = runWithStubs(createAccountCommand('alpine', account(1000, 1000)), UBUNTU_PASSWD, UBUNTU_GROUP);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('uid 1000 already belongs to ubuntu in the base image; choose another user.uid');
    expect(taken.calls).toEqual([]);
  });

  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  it.skipIf(!shellcheck)('the generated RUN shell passes shellcheck (sh, every severity), Debian and Alpine', () => {
    for (const family of ['debian', 'alpine'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'pyenvc-account-sc-'));
      folders.push(dir);
      const file = join(dir, 'create-user.sh');
      // Dockerfile line continuations are shell line continuations too.
      writeFileSync(file, `#!/bin/sh\n${createAccountCommand(family, account(1000, 1000))}\n`);
      const r = spawnSync('shellcheck', ['--shell=sh', '--severity=style', file], { encoding: 'utf8' });
      expect(r.status, `${family}: ${r.stdout}`).toBe(0);
    }
  });

  it('the Dockerfile runs exactly this command in the runtime stage, before the environment is copied', () => {
    const dockerfile = compileFolder(join(FIXTURES, 'script')).artifacts.find((a) => a.path === 'Dockerfile')!.contents;
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    // followed by the HOME and setuid clean-up of the user RUN (src/emit/ownership.ts); HOME is not world-writable
    // joined to the entrypoint's sed/chmod in one step (issue 14: one RUN fewer, off the builder's critical path)
    expect(runtime).toContain(`chmod 0755 /usr/local/bin/docker-entrypoint.sh \\\n    && ${createAccountCommand('debian', account(1000, 1000))} \\\n    && mkdir -p /home/app/.cache`);
    expect(runtime).not.toContain('chmod 1777');
    expect(runtime.indexOf('getent group 1000')).toBeLessThan(runtime.indexOf('COPY --from=builder'));
  });
});

describe('user.uid and user.gid against the accounts of every Debian image (base-passwd)', () => {
  const withUser = (user: string) => compileFolder(join(FIXTURES, 'script'), 'pyenv.yaml', (t) => `${t}user:\n${user}`);

  it('gid 20 compiles with a note naming dialout and the reuse; no warning, no error', () => {
    const r = withUser('  uid: 501\n  gid: 20\n');
    expect(r.ok).toBe(true);
    const note = r.diagnostics.find((d) => d.code === 'PYENV233')!;
    expect(note.severity).toBe('note');
    expect(note.message).toContain('"dialout"');
    expect(note.message).toContain('reuses it by number');
    expect(note.line).toBeGreaterThan(0);
    expect(codes(r).filter((c) => !c.startsWith('note'))).toEqual([]);
  });

  it.each([[42, 'shadow', '/etc/shadow'], [4, 'adm', 'logs'], [50, 'staff', '/usr/local']])('gid %i (%s) is refused: membership %s', (gid, name, what) => {
    const r = withUser(`  gid: ${gid}\n`);
    expect(r.ok).toBe(false);
    const error = r.diagnostics.find((d) => d.code === 'PYENV234')!;
    expect(error.severity).toBe('error');
    expect(error.message).toContain(`"${name}"`);
    expect(error.message).toContain(what);
    expect(error.hint).toContain('id -g');
  });

  it('uid 33 warns that www-data is taken over; uid 1000 and a macOS uid (501) say nothing', () => {
    const r = withUser('  uid: 33\n');
    expect(r.ok).toBe(true);
    expect(r.diagnostics.find((d) => d.code === 'PYENV232')?.message).toContain('"www-data"');
    for (const uid of [1000, 501]) expect(codes(withUser(`  uid: ${uid}\n`)).filter((c) => /PYENV23[234]/.test(c))).toEqual([]);
  });
});
