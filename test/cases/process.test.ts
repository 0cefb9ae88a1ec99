import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCase, codes } from '../helpers/case.js';
import { compileFolder, FIXTURES, goodFixtures } from '../helpers/fixtures.js';

/** Static checks of the process, signal and runtime-environment cases (dynamic ones: test/e2e). */
describe('process and runtime cases', () => {
  const all = goodFixtures().map((name) => ({ name, c: compileCase(name) }));

  it('C11 with run.init (default) an init is the first ENTRYPOINT element: dumb-init from the venv (pip on a Debian official image, issue 14), else tini from the final stage\'s packages', () => {
    for (const { name, c } of all) {
      const init = c.result.plan!.shell.init!;
      const aptTini = c.all(c.runtime, 'RUN').some((r) => /apt-get install .*\btini\b|apk add .*\btini\b/.test(r));
      if (init.from === 'environment') {
        expect(c.entrypoint.slice(0, 3), name).toEqual(['/opt/venv/bin/dumb-init', '--single-child', '--']);
        expect(c.result.plan!.dependencies.manager, name).toBe('pip');
        expect(c.result.plan!.base.distroPython || c.result.plan!.base.family !== 'debian', name).toBe(false);
      } else {
        expect(c.entrypoint.slice(0, 2), name).toEqual(['tini', '--']);
        expect(aptTini, name).toBe(true);
      }
      expect(c.service.init, `${name}: one init mechanism, not two`).toBeUndefined();
    }
    const byInit = (from: string) => all.filter(({ c }) => c.result.plan!.shell.init!.from === from).map(({ name }) => name);
    expect(byInit('environment')).toContain('flask');
    expect(byInit('system-package')).toEqual(expect.arrayContaining(['case-c22-debian-base', 'case-c23-alpine', 'uv-fastapi', 'poetry-fastapi', 'pipenv-flask', 'conda-jupyter', 'pip-tools-hashes']));
  });

  it('C13 the entrypoint has LF endings and survives a CRLF checkout (CRs stripped in the image)', () => {
    for (const { name, c } of all) {
      expect(c.files['docker-entrypoint.sh']!.includes('\r'), name).toBe(false);
      expect(c.all(c.runtime, 'RUN').some((r) => r.startsWith("sed -i 's/\\r$//' /usr/local/bin/docker-entrypoint.sh")), name).toBe(true);
    }
  });

  it('C14 the entrypoint gets mode 0755 in the Dockerfile and ENTRYPOINT uses its absolute path', () => {
    for (const { name, c } of all) {
      const instructions = c.runtime.instructions.map((i) => `${i.getKeyword()} ${c.all({ ...c.runtime, instructions: [i] }, i.getKeyword())[0]}`);
      const copy = instructions.findIndex((i) => /^COPY .*docker-entrypoint\.sh \/usr\/local\/bin\/docker-entrypoint\.sh$/.test(i));
      expect(copy, name).toBeGreaterThan(-1);
      expect(instructions[copy + 1], name).toMatch(/^RUN .*chmod 0755 \/usr\/local\/bin\/docker-entrypoint\.sh/);
      expect(c.entrypoint.at(-1)).toBe('/usr/local/bin/docker-entrypoint.sh');
    }
  });

  it('C15 the entrypoint ends with exec "$@" and backgrounds nothing', () => {
    for (const { name, c } of all) {
      const code = c.files['docker-entrypoint.sh']!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
      expect(code.at(-1), name).toBe('exec "$@"');
      const shell = code.join('\n').replace(/<<'PYENVC_PY'[\s\S]*?PYENVC_PY/g, '');
      expect(shell, name).not.toMatch(/(^|[^&])&(\s|$)|\bwait\b/m);
    }
  });

  it('C16 a string command runs as ["/bin/sh", "-c", "exec ..."] under the init; every CMD/ENTRYPOINT is a JSON array', () => {
    const c = compileCase('case-c16-shell-command');
    expect(c.cmd).toEqual(['/bin/sh', '-c', 'exec gunicorn --workers $WORKERS --bind 0.0.0.0:$PORT app:app']);
    expect(c.entrypoint[0]).toBe('/opt/venv/bin/dumb-init');
    for (const { c: other } of all) for (const k of ['CMD', 'ENTRYPOINT']) expect(() => JSON.parse(other.all(other.runtime, k)[0]!)).not.toThrow();
  });

  it('issue 13 item 7: the runtime stage clears setuid/setgid bits in the layer that creates the user, before USER', () => {
    for (const { name, c } of all) {
      const runs = c.all(c.runtime, 'RUN');
      const user = runs.find((r) => /useradd|adduser/.test(r));
      expect(user, name).toContain('find / -xdev \\( -perm -4000 -o -perm -2000 \\) -type f -exec chmod a-s {} +');
    }
  });

  it('C18 PYTHONUNBUFFERED=1 is set after the last FROM', () => {
    for (const { name, c } of all) expect(c.runtimeEnv.get('PYTHONUNBUFFERED'), name).toBe('1');
  });

  it('C35 every preset server binds 0.0.0.0; loopback binds and gunicorn without --bind are diagnosed', () => {
    const binds: Record<string, RegExp> = { flask: /0\.0\.0\.0:8000/, fastapi: /^0\.0\.0\.0$/, django: /0\.0\.0\.0:8000/, streamlit: /--server\.address=0\.0\.0\.0/, 'jupyter-token': /--ip=0\.0\.0\.0/ };
    for (const [name, bind] of Object.entries(binds)) expect(compileCase(name).cmd.some((a) => bind.test(a)), name).toBe(true);
    expect(codes(compileFolder(join(FIXTURES, '_errors_', 'gunicorn-loopback')))).toContain('error PYENV404');
    expect(codes(compileFolder(join(FIXTURES, '_errors_', 'uvicorn-no-host')))).toContain('error PYENV405');
    for (const command of ['["flask", "run", "--port", "8000"]', '["jupyter", "lab", "--port=8000"]', '"uvicorn main:app"']) {
      const r = compileFolder(join(FIXTURES, 'flask'), 'pyenv.yaml', (t) => `${t}\n`.replace('run:\n', `run:\n  command: ${command}\n`));
      expect(codes(r), command).toContain('error PYENV405');
    }
    const noBind = compileFolder(join(FIXTURES, 'flask'), 'pyenv.yaml', (t) => `${t}\n`.replace('run:\n', 'run:\n  command: ["gunicorn", "app:app"]\n'));
    expect(codes(noBind)).toContain('error PYENV405');
    expect(noBind.diagnostics.find((d) => d.code === 'PYENV405')!.hint).toContain('0.0.0.0:8000');
  });

  it('C36 the HEALTHCHECK is exec form with the image\'s Python, never curl or wget', () => {
    for (const { name, c } of all) {
      const check = c.all(c.runtime, 'HEALTHCHECK')[0];
      if (!check) continue;
      expect(check, name).not.toMatch(/curl|wget/);
      const form = JSON.parse(check.slice(check.indexOf('CMD ') + 4)) as string[];
      expect(form[0], name).toMatch(/^\/opt\/(venv|conda\/env)\/bin\/python$/);
      expect(form[3], name).toMatch(/^\d+$/); // the container port, probed on 127.0.0.1
      expect(form[4], name).toMatch(/^\//);
      expect(form[6], name).toMatch(/^(400|500)$/);
      expect(check, name).toMatch(/--timeout=\d+/);
    }
  });

  it('C37 HOME and cache/config folders exist for any uid, also with match_host_user on a worker', () => {
    const c = compileCase('case-c37-home');
    for (const key of ['HOME', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'MPLCONFIGDIR']) expect(c.runtimeEnv.get(key), key).toMatch(/^\/home\/app/);
    expect(c.service.user).toBe('${UID:-1000}:${GID:-1000}');
    expect(c.service.group_add).toEqual(['1000']);
    // The entrypoint makes each cache folder and moves it under TMPDIR when it cannot be written.
    expect(c.files['docker-entrypoint.sh']).toContain('for pyenvc_var in XDG_CACHE_HOME XDG_CONFIG_HOME MPLCONFIGDIR; do');
    expect(c.files['docker-entrypoint.sh']).toContain('mkdir -p "$pyenvc_dir"');
  });

  it('C39 an unquoted 3.10 or 3.9 is refused with the quoted fix; "3.10" compiles', () => {
    const base = join(FIXTURES, 'flask');
    for (const v of ['3.10', '3.9']) {
      const r = compileFolder(base, 'pyenv.yaml', (t) => t.replace('version: "3.11"', `version: ${v}`));
      expect(r.ok).toBe(false);
      const d = r.diagnostics.find((x) => x.code === 'PYENV104')!;
      expect([d.line, d.column]).toEqual([5, 12]);
      expect(d.hint).toBe(`quote it: version: "${v}"`);
    }
    expect(compileFolder(base, 'pyenv.yaml', (t) => t.replace('version: "3.11"', 'version: "3.10"')).ok).toBe(true);
    const cli = spawnSync(process.execPath, [join(FIXTURES, '..', 'dist', 'cli', 'main.js'), 'validate', join(FIXTURES, '_errors_', 'float-version', 'pyenv.yaml')], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
  });
});
