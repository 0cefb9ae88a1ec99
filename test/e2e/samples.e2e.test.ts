/**
 * The real-world path with no hand edit, for every sample project marked `buildable` in its
 * expected.json (test/init-samples/): `pyenvc init` → `pyenvc compile` → docker build → docker run →
 * HEALTHCHECK healthy → the probe answers 2xx/3xx. The manifest init wrote is never edited. Results go
 * to <logDir>/samples-results.json, which `npm run works-on` turns into the README's table.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copySample, cli, expectedOf, sampleNames } from '../helpers/samples.mjs';
import { e2eContext } from './lib/context.js';
import { buildImage, exposedPorts, hostPort, Resources, runDetached, waitHealthy } from './lib/docker.js';
import { request } from './lib/http.js';

const HEALTHY_WITHIN_MS = 90_000;
const buildable = sampleNames().filter((n) => expectedOf(n).buildable);

describe.each(buildable)('%s: init → compile → build → run → answers, with no edit', (name) => {
  const resources = new Resources();
  const ctx = e2eContext();
  afterAll(() => resources.cleanup());

  it('answers HTTP and turns healthy', async () => {
    const expected = expectedOf(name);
    const dir = copySample(name);
    resources.dir(dirname(dir));
    const record = (stage: string, ok: boolean, detail = '') => {
      mkdirSync(ctx.logDir, { recursive: true });
      appendFileSync(join(ctx.logDir, 'samples-results.jsonl'), `${JSON.stringify({ sample: name, stage, ok, detail: detail.slice(0, 300) })}\n`);
    };
    const init = cli(['init', '--no-gitattributes'], dir);
    expect(init.code, init.stderr).toBe(0);
    const compiled = cli(['compile'], dir);
    if (compiled.code !== 0) record('compile', false, compiled.stderr);
    expect(compiled.code, compiled.stderr).toBe(0);
    // init may have named the Dockerfile otherwise (a hand-written one is there): the manifest says.
    const manifest = readFileSync(join(dir, 'pyenv.yaml'), 'utf8');
    const dockerfileName = /^ {2}dockerfile: (\S+)/m.exec(manifest)?.[1] ?? 'Dockerfile';
    const dockerfile = readFileSync(join(dir, dockerfileName), 'utf8');
    // project.context: the Dockerfile names its context in the header (`docker build -f … <context>`).
    const last = /^# Build: .*docker build .* (\S+)\s*$/m.exec(dockerfile)?.[1];
    const context = last && last !== '.' ? last : undefined;
    const tag = resources.image(`pyenvc-e2e-sample-${name}:${ctx.runId}`);
    try {
      await buildImage(dir, tag, `sample-${name}`, { ...(context ? { context } : {}), ...(dockerfileName !== 'Dockerfile' ? { dockerfile: dockerfileName } : {}) });
    } catch (error) {
      record('build', false, String(error));
      throw error;
    }
    const ports = await exposedPorts(tag);
    expect(ports.length, 'the image EXPOSEs its port').toBeGreaterThan(0);
    const id = await runDetached(resources, `pyenvc-e2e-sample-${name}-${ctx.runId}`, ['--health-interval=1s', ...ports.flatMap((p) => ['-p', `127.0.0.1::${p}`])], tag);
    try {
      await waitHealthy(id, HEALTHY_WITHIN_MS);
    } catch (error) {
      record('healthy', false, String(error));
      throw error;
    }
    const port = expected.port ?? ports[0];
    const res = await request(await hostPort(id, port), expected.probe ?? '/');
    record('probe', res.status >= 200 && res.status < 400, `HTTP ${res.status}`);
    expect(res.status, `GET ${expected.probe ?? '/'}`).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(400);
  });
});

it('the corpus has samples buildable offline', () => expect(buildable.length).toBeGreaterThanOrEqual(10));
