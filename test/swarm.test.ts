import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../src/index.js';
import { swarmServiceName } from '../src/passes/swarm.js';
import { pyenvc, tempFolders } from './helpers/cli.js';
import { artifactsOf, compileFolder, FIXTURES, ROOT } from './helpers/fixtures.js';
import { stackProblems } from './swarm/compose-v3.js';

type Json = Record<string, any>;
const SWARM_FIXTURES = ['swarm-web', 'swarm-jupyter'];
const composeSchema = JSON.parse(readFileSync(join(ROOT, 'test', 'vendor', 'compose-spec.json'), 'utf8'));
// As in consumers.test.ts: the Compose schema names draft-07 by an https URI ajv does not register.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema({ ...(ajv.getSchema('http://json-schema.org/draft-07/schema')!.schema as object), $id: 'https://json-schema.org/draft-07/schema' });
const validateCompose = ajv.compile(composeSchema);

const WEB = 'version: 1\nname: web\npreset: flask\npython: { version: "3.11" }\ndependencies: { pip: { requirements: [requirements.txt] } }\nrun: { app: "app:app", healthcheck: { http: /healthz } }\n';
const project = (manifest: string, files: Record<string, string> = {}) => compile({ file: 'pyenv.yaml', text: manifest, readFile: (p) => ({ 'requirements.txt': 'flask\ngunicorn\nnotebook\n', 'app.py': 'app = 1\n', 'worker.py': 'print(1)\n', ...files })[p] });
const stackOf = (r: CompileResult): Json => parse(artifactsOf(r)[r.plan!.swarm!.file]!);
const serviceOf = (r: CompileResult): Json => Object.values<Json>(stackOf(r).services)[0]!;
const codes = (r: CompileResult) => r.diagnostics.map((d) => `${d.severity} ${d.code}`);

describe.each(SWARM_FIXTURES)('stack file of fixtures/%s', (name) => {
  const result = compileFolder(join(FIXTURES, name));
  const text = artifactsOf(result)['stack.yaml']!;
  const doc = parse(text) as Json;

  it('is valid against the Compose Specification (which also accepts the obsolete version key)', () => {
    const valid = validateCompose(doc);
    expect(validateCompose.errors ?? [], JSON.stringify(validateCompose.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('uses only what docker stack deploy of Docker 20.10 reads in format 3.8', () => {
    expect(stackProblems(doc)).toEqual([]);
  });

  it('relies on no variable: docker stack deploy interpolates ${...} from the deploying shell only, never from .env', () => {
    expect(text).not.toContain('${');
    expect(Object.values<Json>(doc.services)[0]!.user).toBeUndefined();
  });

  it('means the same to a YAML 1.1 reader', () => {
    expect(parse(text, { version: '1.1' })).toEqual(doc);
  });

  it('carries the header and checksum of every generated file, and the loopback warning or the no-port note', () => {
    expect(text.split('\n')[1]).toMatch(/^# pyenvc-checksum: sha256:[0-9a-f]{64}$/);
    const service = Object.values<Json>(doc.services)[0]!;
    if (service.ports) expect(text).toMatch(/WARNING: port .* ALL interfaces/);
    else expect(text).toContain('No port is published: Swarm cannot bind a port to 127.0.0.1');
  });
});

describe('the 3.8 check can fail', () => {
  const doc = parse(artifactsOf(compileFolder(join(FIXTURES, 'swarm-web')))['stack.yaml']!) as Json;
  const broken = (mutate: (d: Json) => void) => {
    const d = structuredClone(doc);
    mutate(d);
    return stackProblems(d);
  };
  const service = (d: Json) => d.services['swarm-web'];
  it('finds each key that the deploy ignores, rejects or reads differently', () => {
    expect(broken((d) => delete d.version)).toEqual([expect.stringContaining('version must be a string')]);
    expect(broken((d) => (d.version = 3.8))).toEqual([expect.stringContaining('version must be a string')]);
    expect(broken((d) => (service(d).build = { context: '.' }))).toEqual([expect.stringContaining('services.swarm-web.build is ignored')]);
    expect(broken((d) => (service(d).restart = 'on-failure:5'))).toEqual([expect.stringContaining('restart is ignored')]);
    expect(broken((d) => (service(d).security_opt = ['no-new-privileges:true']))).toEqual([expect.stringContaining('security_opt is ignored')]);
    expect(broken((d) => (service(d).tmpfs = ['/tmp']))).toEqual([expect.stringContaining('tmpfs is ignored')]);
    expect(broken((d) => (service(d).ports = ['127.0.0.1:8000:8000']))).toEqual([expect.stringContaining('host address would be dropped')]);
    expect(broken((d) => (service(d).ports = [{ target: 8000, published: 8000, host_ip: '127.0.0.1' }]))).toEqual([expect.stringContaining('ports[0].host_ip is not in the 3.8 schema')]);
    expect(broken((d) => (service(d).deploy.resources = { reservations: { devices: [{ capabilities: ['gpu'] }] } }))).toEqual([expect.stringContaining('reservations.devices is not in the 3.8 schema')]);
    expect(broken((d) => (service(d).deploy.update_config.monitr = '5s'))).toEqual([expect.stringContaining('update_config.monitr')]);
  });
});

describe('swarm pass and stack emitter', () => {
  it('is opt-in: no stack file and no plan section without the swarm block', () => {
    const r = project(WEB);
    expect(r.plan!.swarm).toBeUndefined();
    expect(Object.keys(artifactsOf(r)).filter((p) => p.includes('stack'))).toEqual([]);
  });

  it('leaves compose.yaml byte for byte as it is without the block; .dockerignore gains the stack file', () => {
    const without = artifactsOf(project(WEB));
    const withSwarm = artifactsOf(project(`${WEB}swarm: {}\n`));
    expect(withSwarm['compose.yaml']).toBe(without['compose.yaml']);
    expect(withSwarm['Dockerfile']).toBe(without['Dockerfile']);
    expect(withSwarm['.dockerignore']!.split('\n')).toContain('stack.yaml');
    expect(without['.dockerignore']!.split('\n')).not.toContain('stack.yaml');
  });

  it('defaults: 2 replicas for a web server, vip, no published port, start-first updates that roll back, the image only', () => {
    const r = project(`${WEB}swarm: {}\n`);
    expect(codes(r).filter((c) => /PYENV25|PYENV51/.test(c))).toEqual([]);
    const service = serviceOf(r);
    expect(stackOf(r).version).toBe('3.8');
    expect(service.image).toBe('web:latest');
    expect(service.ports).toBeUndefined();
    expect(service.healthcheck).toBeUndefined();
    expect(service.networks).toEqual(['app']);
    expect(stackOf(r).networks).toEqual({ app: { driver: 'overlay', attachable: true } });
    expect(service.deploy).toMatchObject({
      replicas: 2,
      endpoint_mode: 'vip',
      restart_policy: { condition: 'on-failure', max_attempts: 5 },
      update_config: { parallelism: 1, order: 'start-first', failure_action: 'rollback', max_failure_ratio: 0 },
      rollback_config: { order: 'start-first', failure_action: 'pause' },
    });
  });

  it('monitors each new task for interval × retries + timeout of the healthcheck, 10 s without one', () => {
    const custom = project(WEB.replace('healthcheck: { http: /healthz }', 'healthcheck: { http: /healthz, interval: 7s, timeout: 2s, retries: 4 }') + 'swarm: {}\n');
    expect(serviceOf(custom).deploy.update_config.monitor).toBe('30s');
    expect(serviceOf(custom).deploy.rollback_config.monitor).toBe('30s');
    const worker = project('version: 1\nname: w\npreset: worker\npython: { version: "3.11" }\ndependencies: { pip: { requirements: [requirements.txt] } }\nrun: { command: [python, worker.py] }\nswarm: {}\n');
    expect(serviceOf(worker).deploy).toMatchObject({ replicas: 1, update_config: { monitor: '10s' } });
  });

  it('a one-shot script is not restarted after it ends', () => {
    const r = project('version: 1\nname: s\npreset: script\npython: { version: "3.11" }\ndependencies: { pip: { requirements: [requirements.txt] } }\nswarm: {}\n', { 'main.py': 'print(1)\n' });
    expect(serviceOf(r).deploy).toMatchObject({ replicas: 1, restart_policy: { condition: 'none' } });
  });

  it('publish ingress or host: the ports in long syntax with their mode, and PYENV250 says ALL interfaces', () => {
    for (const mode of ['ingress', 'host'] as const) {
      const r = project(`${WEB}swarm: { publish: ${mode} }\n`);
      expect(serviceOf(r).ports).toEqual([{ target: 8000, published: 8000, protocol: 'tcp', mode }]);
      const warning = r.diagnostics.find((d) => d.code === 'PYENV250')!;
      expect(warning.severity).toBe('warning');
      expect(warning.message).toContain('ALL interfaces');
      expect(warning.message).toContain('compose.publish (127.0.0.1) does not apply');
      // Host-mode ports cannot be bound twice on one node: the update stops the old task first.
      expect(serviceOf(r).deploy.update_config.order).toBe(mode === 'host' ? 'stop-first' : 'start-first');
    }
  });

  it('secrets: external Swarm secrets named after the service, mounted at /run/secrets/<key>, read through *_FILE', () => {
    const r = project(`${WEB}swarm: { secrets: [SECRET_KEY, DATABASE_PASSWORD] }\n`);
    const service = serviceOf(r);
    expect(service.environment).toEqual({ DATABASE_PASSWORD_FILE: '/run/secrets/database_password', SECRET_KEY_FILE: '/run/secrets/secret_key' });
    expect(service.secrets).toEqual([{ source: 'database_password', target: 'database_password' }, { source: 'secret_key', target: 'secret_key' }]);
    expect(stackOf(r).secrets).toEqual({ database_password: { external: true, name: 'web_database_password' }, secret_key: { external: true, name: 'web_secret_key' } });
    expect(artifactsOf(r)['stack.yaml']).toContain('printf %s "$SECRET_KEY" | docker secret create web_secret_key -');
  });

  it("Jupyter's token is an external secret read through JUPYTER_TOKEN_FILE, with one replica", () => {
    const r = compileFolder(join(FIXTURES, 'swarm-jupyter'));
    const service = serviceOf(r);
    expect(service.environment).toEqual({ JUPYTER_TOKEN_FILE: '/run/secrets/jupyter_token' });
    expect(stackOf(r).secrets).toEqual({ jupyter_token: { external: true, name: 'swarm-jupyter_jupyter_token' } });
    expect(service.deploy.replicas).toBe(1);
    expect(service.user).toBeUndefined();
  });

  it('PYENV253: Jupyter with more than one replica is refused at swarm.replicas', () => {
    const r = project('version: 1\nname: nb\npreset: jupyter\npython: { version: "3.11" }\ndependencies: { pip: { requirements: [requirements.txt] } }\nswarm:\n  replicas: 2\n');
    const d = r.diagnostics.find((x) => x.code === 'PYENV253')!;
    expect(d.severity).toBe('error');
    expect([d.line, d.column]).toEqual([7, 13]);
    expect(d.hint).toContain('replicas to 1');
  });

  it('PYENV254: dnsrr with ingress publishing is refused (Docker refuses it at deploy)', () => {
    const r = project(`${WEB}swarm: { endpoint_mode: dnsrr, publish: ingress }\n`);
    expect(codes(r)).toContain('error PYENV254');
    expect(codes(project(`${WEB}swarm: { endpoint_mode: dnsrr, publish: host }\n`))).not.toContain('error PYENV254');
  });

  it('PYENV251: compose.gpu warns and the stack reserves no device', () => {
    const r = project(`${WEB}compose: { gpu: true }\nswarm: {}\n`);
    expect(codes(r)).toContain('warning PYENV251');
    const service = serviceOf(r);
    expect(service.deploy.resources).toBeUndefined();
    expect(service.environment).toEqual({ NVIDIA_VISIBLE_DEVICES: 'all' });
    expect(stackProblems(stackOf(r))).toEqual([]);
  });

  it('PYENV252: a bind mount becomes a named volume, with a warning at the volume', () => {
    const r = project(`${WEB}compose: { volumes: ["./data:/app/data:ro"] }\nswarm: {}\n`, { 'data/x': '1' });
    const d = r.diagnostics.find((x) => x.code === 'PYENV252')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('./data');
    expect(serviceOf(r).volumes).toContainEqual({ type: 'volume', source: 'app-data', target: '/app/data', read_only: true });
    expect(stackOf(r).volumes).toEqual({ 'app-data': {} });
  });

  it('run.resources become deploy.resources limits and reservations', () => {
    const r = project(WEB.replace('run: {', 'run: { resources: { requests: { cpu: 250m, memory: 256Mi }, limits: { cpu: "1", memory: 512Mi } },') + 'swarm: {}\n');
    expect(serviceOf(r).deploy.resources).toEqual({ limits: { cpus: '1', memory: '512m' }, reservations: { cpus: '0.25', memory: '256m' } });
  });

  it('PYENV512 and PYENV513: swarm.file may not be another output, the manifest or outside the folder', () => {
    for (const file of ['compose.yaml', 'pyenv.yaml', 'Dockerfile', '.git/stack.yaml']) expect(codes(project(`${WEB}swarm: { file: ${file} }\n`)), file).toContain('error PYENV512');
    expect(codes(project(`${WEB}kubernetes: {}\nswarm: { file: k8s/stack.yaml }\n`))).toContain('error PYENV512');
    const outside = project(`${WEB}swarm: { file: ../stack.yaml }\n`);
    expect(codes(outside)).toContain('error PYENV513');
    expect(codes(project(`${WEB}swarm: { file: deploy/stack.yaml }\n`)).filter((c) => c.startsWith('error'))).toEqual([]);
  });

  it('PYENV514: a secret name longer than Swarm allows is refused at its entry', () => {
    const long = `S${'X'.repeat(62)}`;
    const r = project(`${WEB}swarm: { secrets: [OK, ${long}] }\n`);
    const d = r.diagnostics.find((x) => x.code === 'PYENV514')!;
    expect(d.severity).toBe('error');
    expect(d.message).toContain(`web_${long.toLowerCase()}`);
  });

  it('service names Swarm accepts: . becomes -, trailing separators are cut', () => {
    expect(swarmServiceName('my_web.v2')).toBe('my_web-v2');
    expect(swarmServiceName('app-')).toBe('app');
    for (const n of ['my_web.v2', 'a.b.c', 'x_', '9lives']) expect(swarmServiceName(n)).toMatch(/^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/);
  });

  it('a $ in an environment value stays a literal (docker stack deploy interpolates ${...} from the shell)', () => {
    const r = project(`${WEB}swarm: {}\ncompose: { gpu: true }\n`);
    expect(artifactsOf(r)['stack.yaml']).not.toMatch(/\$\{/);
  });
});

describe('the built binary writes and checks stack.yaml like the other outputs', () => {
  const temp = tempFolders();
  afterEach(() => temp.cleanUp());
  it('compile writes it, --check passes, a hand edit is refused and --check exits 3 naming the file; explain lists it', () => {
    const dir = temp.copy(join(FIXTURES, 'swarm-web'));
    expect(pyenvc(['compile'], dir).code).toBe(0);
    expect(pyenvc(['compile', '--check'], dir).code).toBe(0);
    const file = join(dir, 'stack.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 2', 'replicas: 9'));
    const check = pyenvc(['compile', '--check'], dir);
    expect(check.code).toBe(3);
    expect(check.stdout + check.stderr).toContain('stack.yaml');
    const again = pyenvc(['compile'], dir);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('edited by hand');
    expect(readFileSync(file, 'utf8')).toContain('replicas: 9');
    const explain = pyenvc(['explain'], dir);
    expect(explain.stdout).toMatch(/^swarm$/m);
    expect(explain.stdout).toMatch(/^  file\s+stack\.yaml\s+default$/m);
  });
});
