/**
 * The generated .devcontainer/devcontainer.json with the Dev Containers CLI (@devcontainers/cli,
 * pinned devDependency) against the harness engine (Docker 20.10, no buildx): `devcontainer up`
 * builds the runtime stage and starts the server (overrideCommand: false) until it is healthy,
 * `devcontainer exec` runs as the image user remapped to the host's uid (the CLI leaves a root host
 * user's uid alone: then it is the image's 1000), in the bind-mounted workspace, and a code edit on
 * the host is visible inside without a rebuild (gunicorn reloads on `kill -HUP 1`, as the file's
 * notes say). Only for the test: build.options gets the harness's --network=host and index secret,
 * and runArgs the run label (the offline index listens on the host's loopback).
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL, e2eContext } from './lib/context.js';
import { Resources, waitHealthy } from './lib/docker.js';
import { check, run, secs } from './lib/exec.js';
import { prepareFixture, ROOT } from './lib/fixture.js';
import { report } from './lib/report.js';

const DEVCONTAINER = join(ROOT, 'node_modules', '.bin', 'devcontainer');

/** Reads the JSONC file pyenvc wrote (header and notes are `//` lines) and adds the harness's build and run options. */
function adaptForHarness(dir: string): Record<string, any> {
  const file = join(dir, '.devcontainer', 'devcontainer.json');
  const config = JSON.parse(readFileSync(file, 'utf8').split('\n').filter((l) => !l.startsWith('//')).join('\n'));
  const ctx = e2eContext();
  config.build.options = [...(config.build.options ?? []), '--network=host', '--secret', `id=pip_conf,src=${ctx.pipConf}`];
  config.runArgs = [...(config.runArgs ?? []), '--label', `${LABEL}=${ctx.runId}`];
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

/** `devcontainer exec` in the workspace; stdout. */
async function exec(dir: string, script: string): Promise<string> {
  const r = await check(DEVCONTAINER, ['exec', '--workspace-folder', dir, 'sh', '-c', script], { timeoutMs: 120_000 });
  return r.stdout;
}

/** GET from inside the container with the image's own Python (no curl in slim images). */
const get = (port: number, path: string) => `python -c 'import urllib.request,sys; sys.stdout.write(urllib.request.urlopen("http://127.0.0.1:${port}${path}").read().decode())'`;

const expectedUid = process.getuid?.() === 0 ? 1000 : process.getuid?.();

describe('devcontainer up / exec on the generated devcontainer.json', () => {
  const resources = new Resources();
  afterAll(() => resources.cleanup());

  async function up(name: string): Promise<{ dir: string; container: string; config: Record<string, any> }> {
    const dir = resources.dir(await prepareFixture(name));
    chmodSync(dir, 0o755); // mkdtemp makes 0700: the image user must read the mounted workspace
    const config = adaptForHarness(dir);
    const started = performance.now();
    const r = await run(DEVCONTAINER, ['up', '--workspace-folder', dir], { timeoutMs: 15 * 60_000 });
    const outcome = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { outcome?: string; containerId?: string };
    if (outcome.containerId) resources.container(outcome.containerId);
    expect(outcome.outcome, r.stderr.slice(-3000)).toBe('success');
    const container = outcome.containerId!;
    const image = (await check('docker', ['inspect', '-f', '{{.Config.Image}}', container])).stdout.trim();
    resources.image(image);
    resources.image(image.replace(/-uid$/, ''));
    report(name, 'devcontainer up', secs(performance.now() - started));
    return { dir, container, config };
  }

  it('flask: healthy with dumb-init (from the venv, issue 14) as PID 1, exec as the remapped user in /app, a code edit served after kill -HUP 1', async () => {
    const { dir, container, config } = await up('flask');
    expect(config.overrideCommand).toBe(false);
    await waitHealthy(container, 120_000);
    const facts = (await exec(dir, 'id -u; pwd; tr "\\0" " " </proc/1/cmdline')).trim().split('\n');
    expect(facts[0]).toBe(String(expectedUid));
    expect(facts[1]).toBe('/app');
    expect(facts[2]).toMatch(/^\/opt\/venv\/bin\/dumb-init --single-child -- \/usr\/local\/bin\/docker-entrypoint\.sh gunicorn /);
    expect(await exec(dir, get(8000, '/'))).toContain('hello from flask');
    const app = join(dir, 'app.py');
    writeFileSync(app, readFileSync(app, 'utf8').replace('hello from flask', 'hello from the edit'));
    expect(await exec(dir, 'cat app.py')).toContain('hello from the edit'); // the bind mount, not the image's copy
    expect(await exec(dir, `kill -HUP 1; sleep 3; ${get(8000, '/')}`)).toContain('hello from the edit');
    const inspect = (await check('docker', ['inspect', container])).stdout;
    expect(JSON.parse(inspect)[0].Mounts.map((m: { Destination: string }) => m.Destination)).toContain('/app');
  });

  it('jupyter-token: healthy, the project on /workspace, notebooks mounted on root_dir, no token in docker inspect', async () => {
    const { dir, container } = await up('jupyter-token');
    await waitHealthy(container, 180_000);
    const facts = (await exec(dir, 'id -u; pwd; ls /home/app/work')).trim().split('\n');
    expect(facts[0]).toBe(String(expectedUid));
    expect(facts[1]).toBe('/workspace');
    expect(facts.slice(2)).toContain('demo.ipynb');
    expect(await exec(dir, get(8888, '/api'))).toContain('"version"');
    writeFileSync(join(dir, 'notebooks', 'new.txt'), 'from the host\n');
    expect(await exec(dir, 'cat /home/app/work/new.txt')).toBe('from the host\n');
    const env = JSON.parse((await check('docker', ['inspect', '-f', '{{json .Config.Env}}', container])).stdout) as string[];
    expect(env.filter((e) => e.startsWith('JUPYTER_TOKEN='))).toEqual([]);
  });
});
