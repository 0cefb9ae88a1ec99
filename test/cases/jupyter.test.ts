import { describe, expect, it } from 'vitest';
import { compileCase, codes } from '../helpers/case.js';
import { compileFolder, FIXTURES } from '../helpers/fixtures.js';
import { join } from 'node:path';

/** Static checks of the Jupyter cases in ../shared/cases (dynamic ones: test/e2e). */
describe('Jupyter cases', () => {
  const token = compileCase('jupyter-token');
  const password = compileCase('tutorial-notebook-password');

  it('C04 server binds 0.0.0.0 inside the container on the port it exposes and compose maps', () => {
    for (const c of [token, password]) {
      expect(c.cmd).toContain('--ip=0.0.0.0');
      expect(c.cmd).toContain('--no-browser');
      const port = c.cmd.find((a) => a.startsWith('--port='))!.split('=')[1];
      expect(c.all(c.runtime, 'EXPOSE')).toEqual([port]);
      expect((c.service.ports as string[]).map((p) => p.split(':')[2])).toEqual([port]);
    }
  });

  it('C05 no literal token, password or hash in any generated file; compose passes the token and the password as secret files, never in environment:; one auth line logged', () => {
    for (const c of [token, password]) {
      for (const text of Object.values(c.files)) {
        expect(text).not.toMatch(/(token|password)\s*[=:]\s*['"]?[A-Za-z0-9]{8,}/i);
        expect(text).not.toMatch(/(argon2|sha1):/);
      }
    }
    // issue 13 item 15: an environment: value is in `docker inspect` and every process's environment.
    expect(token.service.environment).toEqual({ JUPYTER_TOKEN_FILE: '/run/secrets/jupyter_token' });
    expect(token.service.secrets).toEqual([{ source: 'jupyter_token', target: '/run/secrets/jupyter_token' }]);
    expect(token.compose.secrets).toEqual({ jupyter_token: { file: './secrets/jupyter_token' } });
    expect(password.service.environment).toEqual({ JUPYTER_PASSWORD_FILE: '/run/secrets/jupyter_password' });
    expect(token.files['docker-entrypoint.sh']).toContain('pyenvc: Jupyter auth: token');
    expect(password.files['docker-entrypoint.sh']).toMatch(/pyenvc: Jupyter auth: password, from .*hashed; never printed/);
    expect(password.files['docker-entrypoint.sh']).not.toMatch(/echo .*\$JUPYTER_PASSWORD\b/);
    expect(password.files['docker-entrypoint.sh']).toContain('There is no default password.');
  });

  it('C06 no legacy NotebookApp/LabApp auth options when the interface is lab', () => {
    const lab = compileFolder(join(FIXTURES, 'jupyter-token'), 'pyenv.yaml', (t) => t.replace('interface: notebook', 'interface: lab'));
    for (const a of lab.artifacts) expect(a.contents).not.toMatch(/NotebookApp\.|LabApp\.(token|password)|NotebookApp"/);
    const cmd = lab.artifacts.find((a) => a.path === 'Dockerfile')!.contents.match(/^CMD (.*)$/m)![1]!;
    expect(JSON.parse(cmd)).toEqual(['jupyter', 'lab', '--ip=0.0.0.0', '--port=8888', '--no-browser', '--notebook-dir=/home/app/work']);
  });

  it('C07 the final USER is a numeric non-root user; no --allow-root; compose never sets root', () => {
    for (const c of [token, password]) {
      const user = c.all(c.runtime, 'USER').at(-1)!;
      expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
      for (const text of Object.values(c.files)) expect(text).not.toContain('--allow-root');
      expect(String(c.service.user ?? '')).not.toMatch(/^(root|0)(:|$)/);
    }
  });

  it('C08 the root-dir flag equals the bind mount target; a sibling mount gets a warning with the fix', () => {
    const rootDir = token.cmd.find((a) => a.startsWith('--notebook-dir='))!.split('=')[1];
    const volumes = token.service.volumes as { target: string }[];
    expect(volumes.map((v) => v.target)).toContain(rootDir);
    expect(token.all(token.runtime, 'WORKDIR').at(-1)).toBe(rootDir);
    const sibling = compileCase('case-c08-sibling-mount');
    expect(codes(sibling.result)).toContain('warning PYENV205');
    expect(sibling.result.diagnostics.find((d) => d.code === 'PYENV205')!.hint).toContain('/home/app/work');
  });

  it('C10 the service runs as the host user and bind mounts are never auto-created as root', () => {
    expect(token.service.user).toBe('${UID:-1000}:${GID:-1000}');
    for (const v of token.service.volumes as { type: string; bind: { create_host_path: boolean } }[]) {
      expect(v.type).toBe('bind');
      expect(v.bind.create_host_path).toBe(false);
    }
    expect(token.files['compose.yaml']).toMatch(/export UID GID=\$\(id -g\)/);
  });

  it('C12 every port is published on 127.0.0.1; auth none is a warning there and an error on 0.0.0.0', () => {
    for (const c of [token, password]) for (const p of c.service.ports as string[]) expect(p).toMatch(/^127\.0\.0\.1:/);
    const none = compileCase('case-c12-auth-none');
    expect(codes(none.result)).toContain('warning PYENV207');
    const open = compileFolder(join(FIXTURES, '_errors_', 'auth-none-public'));
    expect(open.ok).toBe(false);
    expect(codes(open)).toContain('error PYENV206');
  });

  it('C37 HOME, XDG and Jupyter folders live under a HOME the image group can write (2775, not world-writable); compose gives the host uid that group and a tmpfs per cache folder', () => {
    for (const key of ['HOME', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'MPLCONFIGDIR', 'JUPYTER_DATA_DIR', 'JUPYTER_RUNTIME_DIR']) {
      expect(token.runtimeEnv.get(key), key).toMatch(/^\/home\/app(\/|$)/);
    }
    const runs = token.all(token.runtime, 'RUN').join('\n');
    expect(runs).not.toMatch(/chmod 1777/);
    expect(runs).toContain('mkdir -p /home/app/.cache /home/app/.config /home/app/.local/share/jupyter/runtime /home/app/work && chown -R 1000:1000 /home/app && find /home/app -type d -exec chmod 2775 {} +');
    expect(token.service.group_add).toEqual(['1000']);
    expect(token.service.tmpfs).toEqual([
      '/tmp',
      '/home/app/.cache:uid=${UID:-1000},gid=${GID:-1000},mode=0700',
      '/home/app/.config:uid=${UID:-1000},gid=${GID:-1000},mode=0700',
      '/home/app/.local/share/jupyter/runtime:uid=${UID:-1000},gid=${GID:-1000},mode=0700',
    ]);
  });
});
