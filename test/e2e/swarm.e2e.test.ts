/**
 * The generated Swarm stack (fixtures/swarm-web: flask, two replicas, one app secret) on a real
 * single-node Swarm of the harness engine (Docker 20.10; `docker stack deploy` is part of the docker
 * CLI, not of compose). The test makes its own Swarm (`docker swarm init --advertise-addr 127.0.0.1`)
 * and leaves it in afterAll whatever happens; an engine already in a Swarm that this test did not make
 * (no `org.pyenvc.e2e.swarm` node label) fails the test instead of being taken over or left.
 *
 * This kernel has no IPVS, so the routing mesh's virtual IP does not work here: the fixture sets
 * `swarm.endpoint_mode: dnsrr`, and the test reaches the tasks through a small proxy container on the
 * stack's attachable overlay network, published on 127.0.0.1 only. The proxy resolves the service name
 * for every request (Docker's DNS answers with the healthy tasks' addresses) and, like nginx's
 * `proxy_next_upstream error timeout`, tries the next address when one refuses the connection.
 *
 * Checked: both replicas answer; the secret reaches the app through APP_SECRET_FILE; a rolling update to
 * a changed image under a request loop (bounded in count and time) loses no request; an image whose
 * healthcheck fails is rolled back automatically, still without a failed request.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eContext, LABEL } from './lib/context.js';
import { buildImage, hostPort, Resources } from './lib/docker.js';
import { check, run, secs, sleep, tail } from './lib/exec.js';
import { prepareFixture } from './lib/fixture.js';
import { request } from './lib/http.js';
import { report } from './lib/report.js';

const FIXTURE = 'swarm-web';
/** The node label that says this engine's Swarm was made by this test (a leftover of an aborted run may be left). */
const NODE_LABEL = 'org.pyenvc.e2e.swarm';
const SECRET_VALUE = `pyenvc-swarm-secret-${process.pid}`;
/** Bounds of the request loops: never more than this many requests, never longer than this. */
const LOOP_MAX_REQUESTS = 3000;
const LOOP_MAX_MS = 150_000;

/** The proxy: python:3.11-slim stand-in, standard library only. argv: service name, port. */
const PROXY = String.raw`
import http.client, http.server, random, socket, sys
UP, PORT = sys.argv[1], int(sys.argv[2])
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            addrs = sorted({a[4][0] for a in socket.getaddrinfo(UP, PORT, type=socket.SOCK_STREAM)})
        except OSError:
            addrs = []
        random.shuffle(addrs)
        for ip in addrs:
            c = http.client.HTTPConnection(ip, PORT, timeout=3)
            try:
                c.request('GET', self.path)
                r = c.getresponse()
                body = r.read()
            except OSError:
                continue
            finally:
                c.close()
            self.send_response(r.status)
            self.send_header('Content-Type', r.getheader('Content-Type', 'text/plain'))
            self.send_header('Content-Length', str(len(body)))
            self.send_header('X-Upstream', ip)
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(502)
        self.send_header('Content-Length', '0')
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(('0.0.0.0', 8080), H).serve_forever()
`;

interface LoopResult {
  requests: number;
  failures: string[];
  versions: Map<string, number>;
}

/** GET / through the proxy until `done()` or a bound is reached; a non-200 answer or an error is a failure. */
async function requestLoop(port: number, done: () => boolean): Promise<LoopResult> {
  const result: LoopResult = { requests: 0, failures: [], versions: new Map() };
  const started = performance.now();
  while (!done() && result.requests < LOOP_MAX_REQUESTS && performance.now() - started < LOOP_MAX_MS) {
    result.requests++;
    try {
      const r = await request(port, '/', { timeoutMs: 10_000 });
      if (r.status !== 200) result.failures.push(`HTTP ${r.status}`);
      else {
        const version = JSON.parse(r.body).version as string;
        result.versions.set(version, (result.versions.get(version) ?? 0) + 1);
      }
    } catch (error) {
      result.failures.push(String(error));
    }
    await sleep(25);
  }
  return result;
}

describe('Swarm: the generated stack.yaml on a single-node Swarm', () => {
  const resources = new Resources();
  const ctx = e2eContext();
  const stack = `pyenvc-swarm-${ctx.runId}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const tags = { v1: `${stack}:v1`, v2: `${stack}:v2`, broken: `${stack}:broken` };
  const service = `${stack}_swarm-web`;
  const secretName = 'swarm-web_app_secret';
  let dir = '';
  let stackText = '';
  let proxyPort = 0;
  let swarmMade = false;

  /** `docker stack deploy` of the generated file with only the image reference changed (the image is local: no registry lookup). */
  async function deploy(tag: string): Promise<void> {
    const file = join(dir, `stack.${tag.split(':')[1]}.yaml`);
    writeFileSync(file, stackText.replace(/^ {4}image: swarm-web:latest$/m, `    image: ${tag}`));
    await check('docker', ['stack', 'deploy', '--resolve-image', 'never', '-c', file, stack], { timeoutMs: 120_000 });
  }

  async function inspectService(): Promise<any> {
    const r = await check('docker', ['service', 'inspect', service], { timeoutMs: 30_000 });
    return JSON.parse(r.stdout)[0];
  }

  /** Polls `ready` every half second; the last `docker service ps` is in the error when it never says yes. */
  async function waitFor(what: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
      if (await ready()) return performance.now() - started;
      await sleep(500);
    }
    const ps = await run('docker', ['service', 'ps', '--no-trunc', service]);
    throw new Error(`${what}: not reached after ${timeoutMs / 1000} s\n${ps.stdout}${ps.stderr}`);
  }

  /** Images of the tasks Swarm reports as running (with a HEALTHCHECK: healthy). */
  async function runningImages(): Promise<string[]> {
    const r = await check('docker', ['service', 'ps', '--filter', 'desired-state=running', '--format', '{{.Image}}|{{.CurrentState}}', service]);
    return r.stdout.trim().split('\n').filter((l) => l.split('|')[1]?.startsWith('Running')).map((l) => l.split('|')[0]!);
  }

  const updateState = async () => (await inspectService()).UpdateStatus?.State as string | undefined;
  const specImage = async () => (await inspectService()).Spec.TaskTemplate.ContainerSpec.Image as string;

  beforeAll(async () => {
    const state = (await check('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}'])).stdout.trim();
    if (state !== 'inactive') {
      const labels = await run('docker', ['node', 'inspect', 'self', '--format', `{{index .Spec.Labels "${NODE_LABEL}"}}`]);
      if (labels.code !== 0 || labels.stdout.trim() === '') {
        throw new Error(`this engine is already in a Swarm (state ${state}) that this test did not make; it will not join, take over or leave it. Run the Swarm test on an engine outside any Swarm.`);
      }
      await check('docker', ['swarm', 'leave', '--force'], { timeoutMs: 60_000 });
    }
    await check('docker', ['swarm', 'init', '--advertise-addr', '127.0.0.1'], { timeoutMs: 60_000 });
    swarmMade = true;
    const node = (await check('docker', ['info', '--format', '{{.Swarm.NodeID}}'])).stdout.trim();
    await check('docker', ['node', 'update', '--label-add', `${NODE_LABEL}=${ctx.runId}`, node]);

    dir = resources.dir(await prepareFixture(FIXTURE));
    stackText = readFileSync(join(dir, 'stack.yaml'), 'utf8');
    const app = join(dir, 'app.py');
    const source = readFileSync(app, 'utf8');
    await buildImage(dir, resources.image(tags.v1), `${FIXTURE}-v1`);
    writeFileSync(app, source.replace('VERSION = "v1"', 'VERSION = "v2"'));
    await buildImage(dir, resources.image(tags.v2), `${FIXTURE}-v2`);
    // The broken image starts and serves, but its health endpoint fails: the HEALTHCHECK never passes.
    writeFileSync(app, source.replace('VERSION = "v1"', 'VERSION = "broken"').replace('return "ok\\n"', 'return "broken\\n", 500'));
    await buildImage(dir, resources.image(tags.broken), `${FIXTURE}-broken`);
    await check('docker', ['secret', 'create', secretName, '-'], { input: SECRET_VALUE });
  }, 10 * 60_000);

  afterAll(async () => {
    const problems: string[] = [];
    const step = async (args: string[]) => {
      const r = await run('docker', args, { timeoutMs: 120_000 });
      if (r.code !== 0 && !/not found|No such|nothing found/i.test(r.stderr)) problems.push(`docker ${args.join(' ')}: ${tail(r.stderr, 5)}`);
    };
    try {
      if (swarmMade) {
        await step(['rm', '-f', `${stack}-proxy`]);
        await step(['stack', 'rm', stack]);
        // Task containers go away asynchronously; the images can be removed only after them.
        for (let i = 0; i < 60; i++) {
          const left = await run('docker', ['ps', '-aq', '--filter', `label=com.docker.stack.namespace=${stack}`]);
          if (left.stdout.trim() === '') break;
          await sleep(1000);
        }
        await step(['secret', 'rm', secretName]);
        await step(['network', 'rm', `${stack}_app`]);
      }
    } finally {
      // Whatever happened above: the engine leaves the Swarm this test made.
      if (swarmMade) await step(['swarm', 'leave', '--force']);
      await resources.cleanup();
    }
    if (problems.length) throw new Error(`cleanup problems:\n${problems.join('\n')}`);
  }, 5 * 60_000);

  it('the stack file has what docker stack deploy needs', () => {
    expect(stackText).toMatch(/^version: "3\.8"$/m);
    expect(stackText).not.toMatch(/^\s+(build|restart|security_opt):/m);
    expect(stackText).toMatch(/endpoint_mode: dnsrr/);
  });

  it('deploys two healthy replicas that both answer through a proxy on 127.0.0.1', async () => {
    await deploy(tags.v1);
    const ms = await waitFor('2 running v1 tasks', 120_000, async () => {
      const images = await runningImages();
      return images.length === 2 && images.every((i) => i === tags.v1);
    });
    report(FIXTURE, 'swarm: 2 replicas running and healthy', secs(ms));
    const proxy = await check('docker', ['run', '-d', '--name', `${stack}-proxy`, '--label', `${LABEL}=${ctx.runId}`, '--network', `${stack}_app`, '-p', '127.0.0.1::8080', 'python:3.11-slim', 'python3', '-c', PROXY, 'swarm-web', '8000']);
    resources.container(proxy.stdout.trim());
    proxyPort = await hostPort(`${stack}-proxy`, 8080);
    // The proxy answers once python has started; Docker's port proxy accepts before that.
    await waitFor('the proxy answers', 30_000, async () => (await request(proxyPort, '/', { timeoutMs: 2000 }).catch(() => undefined))?.status === 200);
    const hosts = new Set<string>();
    for (let i = 0; i < 40 && hosts.size < 2; i++) {
      const r = await request(proxyPort, '/');
      expect(r.status).toBe(200);
      const body = JSON.parse(r.body);
      expect(body).toMatchObject({ message: 'hello from swarm', version: 'v1', uid: 1000 });
      hosts.add(body.host);
    }
    expect([...hosts], 'both replicas answered').toHaveLength(2);
  });

  it('reads the Swarm secret through APP_SECRET_FILE', async () => {
    const r = await request(proxyPort, '/secret');
    expect(r.status).toBe(200);
    // The entrypoint exported APP_SECRET from /run/secrets/app_secret and unset APP_SECRET_FILE.
    expect(JSON.parse(r.body)).toEqual({ sha256: createHash('sha256').update(SECRET_VALUE).digest('hex'), file_variable: false });
  });

  it('rolls out a changed image under load without a failed request', async () => {
    let finished = false;
    const loop = requestLoop(proxyPort, () => finished);
    const started = performance.now();
    try {
      await deploy(tags.v2);
      await waitFor('update to v2 completed', 150_000, async () => (await specImage()) === tags.v2 && (await updateState()) === 'completed');
    } finally {
      finished = true;
    }
    const result = await loop;
    report(FIXTURE, 'swarm: rolling update', `${secs(performance.now() - started)}, ${result.requests} requests, ${result.failures.length} failed`);
    expect(result.failures, 'failed requests during the update').toEqual([]);
    expect(result.requests).toBeGreaterThan(50);
    expect(result.versions.get('v2') ?? 0, 'v2 served during the loop').toBeGreaterThan(0);
    expect(await runningImages()).toEqual([tags.v2, tags.v2]);
  });

  it('rolls an image whose healthcheck fails back by itself, still without a failed request', async () => {
    let finished = false;
    const loop = requestLoop(proxyPort, () => finished);
    const started = performance.now();
    try {
      await deploy(tags.broken);
      await waitFor('rollback completed', 150_000, async () => (await updateState()) === 'rollback_completed');
    } finally {
      finished = true;
    }
    const result = await loop;
    report(FIXTURE, 'swarm: automatic rollback', `${secs(performance.now() - started)}, ${result.requests} requests, ${result.failures.length} failed; Swarm: ${(await inspectService()).UpdateStatus?.Message}`);
    expect(await specImage()).toBe(tags.v2);
    expect(result.failures, 'failed requests during the broken update').toEqual([]);
    expect(result.versions.has('broken'), 'the broken image never got traffic').toBe(false);
    await waitFor('2 running v2 tasks after the rollback', 60_000, async () => {
      const images = await runningImages();
      return images.length === 2 && images.every((i) => i === tags.v2);
    });
  });
});
