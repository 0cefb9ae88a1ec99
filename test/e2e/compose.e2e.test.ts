/**
 * docker-compose v1 (1.29.2, the only compose on these machines) against the generated compose files:
 * `config` must accept every one, and for the fixtures whose e2e.json says `compose_up`, `up -d`
 * must reach healthy and `down` must remove everything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { provideHostSide, writeTestCompose } from './lib/compose.js';
import { e2eContext } from './lib/context.js';
import { buildImage, inspectJson, logs, processes, Resources, waitHealthy } from './lib/docker.js';
import { check, run, secs } from './lib/exec.js';
import { e2eFixtures, loadSpec, manifestFacts, manifestFixtures, prepareFixture, unavailable } from './lib/fixture.js';
import { request } from './lib/http.js';
import { processProblems } from './lib/procs.js';
import { report } from './lib/report.js';
import { makeCredentials, plantInContext } from './lib/secrets.js';

/**
 * Compose v1 1.29.2 predates `bind.create_host_path` (Compose Specification, long volume syntax)
 * and rejects files that use it with exactly this message; reported to the lead. The test pins the
 * message (so a change in the generator or in compose is noticed) and checks that, without that one
 * key, v1 accepts the rest of the file.
 */
const V1_CREATE_HOST_PATH = (service: string) => `services.${service}.volumes contains unsupported option: 'create_host_path'`;

/** Host uid:gid for services with match_host_user (the generated file runs them as ${UID}:${GID}). */
const HOST = { uid: 1001, gid: 1001 };

/** The environment compose runs with: the host user's ids, and no JUPYTER_TOKEN from the caller (.env gives it). */
function composeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, UID: String(HOST.uid), GID: String(HOST.gid) };
  delete env.JUPYTER_TOKEN;
  return env;
}

describe('docker-compose config accepts every generated compose file', () => {
  const resources = new Resources();
  afterAll(() => resources.cleanup());

  for (const name of manifestFixtures()) {
    it(name, async () => {
      const dir = resources.dir(await prepareFixture(name));
      provideHostSide(dir);
      const text = readFileSync(join(dir, 'compose.yaml'), 'utf8');
      const r = await run('docker-compose', ['-f', 'compose.yaml', 'config', '-q'], { cwd: dir, env: composeEnv(), timeoutMs: 60_000 });
      if (!/create_host_path/.test(text)) {
        expect(r.code, r.stderr).toBe(0);
        return;
      }
      const service = Object.keys(parse(text).services)[0]!;
      expect(r.code, 'compose v1 now accepts create_host_path: drop the exception in compose.e2e.test.ts').toBe(1);
      expect(r.stderr).toContain(V1_CREATE_HOST_PATH(service));
      await writeTestCompose(dir, 'compose.v1.yaml', `${name}:latest`, true);
      const again = await run('docker-compose', ['-f', 'compose.v1.yaml', 'config', '-q'], { cwd: dir, env: composeEnv(), timeoutMs: 60_000 });
      expect(again.code, `without create_host_path: ${again.stderr}`).toBe(0);
    });
  }
});

for (const name of e2eFixtures().filter((n) => loadSpec(n).compose_up)) {
  describe(`${name}: docker-compose up -d reaches healthy, down removes it`, () => {
    const spec = loadSpec(name);
    const facts = manifestFacts(name);
    const ctx = e2eContext();
    const resources = new Resources();
    const project = `pyenvc-e2e-${name}-${ctx.runId}`;
    const file = 'compose.e2e.yaml';
    const args = ['-p', project, '-f', file];
    let dir = '';
    let container = '';
    let ports = new Map<number, number>();
    let token = '';

    beforeAll(async () => {
      dir = resources.dir(await prepareFixture(name));
      const missing = await unavailable(spec, readFileSync(join(dir, 'Dockerfile'), 'utf8'), ctx.indexUrl);
      if (missing) throw new Error(`${name} has compose_up but cannot be built offline: ${missing}`);
      const creds = makeCredentials(ctx.runId);
      resources.dir(creds.hostDir);
      token = creds.token;
      plantInContext(dir, creds); // .env holds JUPYTER_TOKEN, as the compose file's comment tells users
      provideHostSide(dir, 'compose.yaml', facts.matchHostUser ? HOST : undefined);
      // Compose v1 cannot pass the pip_conf build secret: the image is built by `docker build`
      // (BuildKit cache: the fixture suite built the same steps) and compose runs it with --no-build.
      const image = resources.image(`pyenvc-e2e-${name}:${ctx.runId}-compose`);
      await buildImage(dir, image, `${name}-compose-build`);
      ports = await writeTestCompose(dir, file, image, readFileSync(join(dir, 'compose.yaml'), 'utf8').includes('create_host_path'));
      resources.compose(args, dir, composeEnv());
    });

    afterAll(() => resources.cleanup());

    it('up -d starts the service, which becomes healthy (the image\'s own HEALTHCHECK interval, 5 s by default)', async () => {
      await check('docker-compose', [...args, 'up', '-d', '--no-build'], { cwd: dir, env: composeEnv(), timeoutMs: 180_000 });
      container = (await check('docker-compose', [...args, 'ps', '-q'], { cwd: dir, env: composeEnv() })).stdout.trim();
      expect(container).toMatch(/^[0-9a-f]{12,}$/);
      const ms = await waitHealthy(container, 120_000);
      report(name, 'compose: healthy after', secs(ms));
    });

    it('answers on the published 127.0.0.1 port, as the compose user', async () => {
      const procs = await processes(container);
      const uid = facts.matchHostUser ? HOST.uid : facts.uid;
      const gid = facts.matchHostUser ? HOST.gid : facts.gid;
      expect(processProblems(procs, uid, gid), JSON.stringify(procs)).toEqual([]);
      if (spec.kind === 'jupyter') {
        const port = ports.get([...ports.keys()][0]!)!;
        expect((await request(port, '/api/status')).status).toBe(403);
        expect((await request(port, '/api/status', { headers: { Authorization: `token ${token}` } })).status).toBe(200);
        const text = await logs(container);
        expect(text.includes(token), 'the token from secrets/jupyter_token is in docker logs').toBe(false);
        // issue 13 item 15: the token comes from the compose secret file; it is neither in the
        // container's configuration (docker inspect) nor in the server's environment.
        const inspect = (await check('docker', ['inspect', container])).stdout;
        expect(inspect.includes(token), 'the token is in docker inspect').toBe(false);
        const environ = await run('docker', ['exec', container, 'sh', '-c', 'cat /proc/[0-9]*/environ 2>/dev/null | tr "\\0" "\\n"']);
        expect(environ.stdout.includes(token), 'the token is in a process environment').toBe(false);
        expect(environ.stdout).not.toMatch(/^JUPYTER_TOKEN=/m);
        // Saving a notebook signs it (nbformat's NotebookNotary writes notebook_secret and nbsignatures.db):
        // on the read-only HOME of the hardened service that must not fail (trial 3: binder-examples/requirements, HTTP 500).
        const saved = await request(port, `/api/contents/saved-${ctx.runId}.ipynb`, {
          method: 'PUT',
          headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 'notebook', format: 'json', content: { cells: [{ cell_type: 'code', source: '1 + 1', metadata: {}, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 } }),
        });
        expect(saved.status, saved.body.slice(0, 300)).toBe(201);
      } else {
        for (const probe of spec.probes ?? []) {
          const port = ports.get(probe.port ?? [...ports.keys()][0]!);
          expect(port).toBeDefined();
          const res = await request(port!, probe.path);
          expect(res.status).toBe(probe.status);
          if (probe.body !== undefined) expect(res.body).toContain(probe.body);
        }
      }
    });

    it('runs hardened (issue 13 item 8): read-only root, no capabilities, no new privileges; the app user cannot write its code, the environment or system folders', async () => {
      const host = (await inspectJson(container)).HostConfig;
      expect(host.ReadonlyRootfs).toBe(true);
      expect(host.CapDrop).toEqual(['ALL']);
      expect(host.SecurityOpt).toEqual(['no-new-privileges:true']);
      expect(host.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 5 });
      // Its HOME is read-only with tmpfs caches, on purpose: the entrypoint says so as a note, not a warning.
      const started = await logs(container);
      expect(started).not.toContain('pyenvc: warning');
      expect(started).toContain('pyenvc: note: HOME (');
      const workdir = (await check('docker', ['exec', container, 'pwd'])).stdout.trim();
      const probe = `for d in ${workdir} /opt /usr/local/bin /etc /usr/lib "\${VIRTUAL_ENV:-\${CONDA_PREFIX:-/opt/venv}}/bin"; do if ( : > "$d/.pyenvc-probe" ) 2>/dev/null; then echo "WRITABLE $d"; fi; done; echo done`;
      const r = await check('docker', ['exec', container, 'sh', '-c', probe]);
      expect(r.stdout.trim().split('\n').filter((l) => l.startsWith('WRITABLE') && !(spec.kind === 'jupyter' && l === `WRITABLE ${workdir}`))).toEqual([]);
      const status = (await check('docker', ['exec', container, 'sh', '-c', 'grep -E "^(CapEff|NoNewPrivs)" /proc/1/status'])).stdout;
      expect(status).toMatch(/CapEff:\s+0000000000000000/);
      expect(status).toMatch(/NoNewPrivs:\s+1/);
    });

    it('down removes the container and the network', async () => {
      await check('docker-compose', [...args, 'down', '-v', '--remove-orphans'], { cwd: dir, env: composeEnv(), timeoutMs: 120_000 });
      const left = await check('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]);
      expect(left.stdout.trim()).toBe('');
      const networks = await check('docker', ['network', 'ls', '-q', '--filter', `name=${project}`]);
      expect(networks.stdout.trim()).toBe('');
    });
  });
}
