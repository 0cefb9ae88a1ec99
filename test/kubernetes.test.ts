import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../src/index.js';
import { kubernetesName } from '../src/passes/kubernetes-name.js';
import { pyenvc, tempFolders } from './helpers/cli.js';
import { artifactsOf, compileFolder, FIXTURES } from './helpers/fixtures.js';
import { RESTRICTED_CHECKS, violations } from './kubernetes/pod-security-restricted.js';

type Json = Record<string, any>;
const K8S_FIXTURES = ['k8s-web', 'k8s-jupyter', 'k8s-worker', 'k8s-script', 'gpu-pytorch'];
const MODELS: Record<string, new (data: any) => { validate(): void }> = { Deployment, Job, Service, PersistentVolumeClaim };
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** apimachinery validation.IsValidPortName: at most 15 characters, lower-case letters, digits and -, a letter, no -- or edge -. */
const PORT_NAME = /^(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function kubernetesFiles(result: CompileResult): Map<string, Json[]> {
  const dir = result.plan!.kubernetes!.dir;
  const files = new Map<string, Json[]>();
  for (const [path, text] of Object.entries(artifactsOf(result))) {
    if (path.startsWith(`${dir}/`)) files.set(path.slice(dir.length + 1), parseAllDocuments(text).map((d) => d.toJS() as Json));
  }
  return files;
}
const project = (manifest: string, files: Record<string, string> = {}) => compile({ file: 'pyenv.yaml', text: manifest, readFile: (p) => ({ 'requirements.txt': 'flask\n', 'app.py': 'app = 1\n', ...files })[p] });
const codes = (r: CompileResult) => r.diagnostics.map((d) => `${d.severity} ${d.code}`);

describe.each(K8S_FIXTURES)('kubernetes base of fixtures/%s', (name) => {
  const result = compileFolder(join(FIXTURES, name));
  const files = kubernetesFiles(result);
  const all = [...files.values()].flat();
  const workload = all.find((o) => o.kind === 'Deployment' || o.kind === 'Job')!;
  const pod = workload.spec.template.spec as Json;

  it('every resource is valid for Kubernetes 1.33 (kubernetes-models: types, enums, required fields, quantities)', () => {
    for (const object of all.filter((o) => o.kind !== 'Kustomization')) {
      expect(MODELS[object.kind], object.kind).toBeDefined();
      expect(() => new MODELS[object.kind]!(object).validate(), `${object.kind} ${object.metadata.name}`).not.toThrow();
    }
  });

  it('the validation can fail: a wrong type, an enum outside its values, a bad quantity are caught', () => {
    const broken = (mutate: (o: Json) => void) => { const o = structuredClone(workload); mutate(o); return () => new MODELS[o.kind]!(o).validate(); };
    expect(broken((o) => (o.spec.template.spec.securityContext.runAsUser = 'app'))).toThrow();
    expect(broken((o) => (o.spec.template.spec.securityContext.seccompProfile.type = 'Default'))).toThrow();
    expect(broken((o) => (o.spec.template.spec.containers[0].resources = { limits: { memory: '1 GB' } }))).toThrow();
  });

  it('passes the Pod Security "restricted" profile', () => {
    expect(violations(pod)).toEqual([]);
  });

  it('names, selector, labels, ports and volumes fit together (checks kubernetes-models does not make)', () => {
    for (const object of all.filter((o) => o.kind !== 'Kustomization')) expect(object.metadata.name).toMatch(object.kind === 'Service' ? DNS1035 : DNS1123_LABEL);
    const container = pod.containers[0];
    expect(container.name).toMatch(DNS1123_LABEL);
    if (workload.kind === 'Deployment') {
      expect(Object.keys(workload.spec.selector.matchLabels)).toEqual(['app.kubernetes.io/name']);
      expect(workload.spec.template.metadata.labels).toMatchObject(workload.spec.selector.matchLabels);
    } else {
      expect(workload.spec.selector).toBeUndefined();
      expect(pod.restartPolicy).toBe('Never');
    }
    const portNames = (container.ports ?? []).map((p: Json) => p.name);
    for (const n of portNames) expect(n.length <= 15 && PORT_NAME.test(n) && /[a-z]/.test(n), n).toBe(true);
    const service = all.find((o) => o.kind === 'Service');
    if (service) {
      expect(service.spec.selector).toEqual(workload.spec.template.metadata.labels);
      for (const p of service.spec.ports) expect(portNames).toContain(p.targetPort);
    }
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) if (container[probe]?.httpGet) expect(portNames).toContain(container[probe].httpGet.port);
    const volumeNames = pod.volumes.map((v: Json) => v.name);
    expect(new Set(volumeNames).size).toBe(volumeNames.length);
    for (const m of container.volumeMounts) expect(volumeNames).toContain(m.name);
    const claims = all.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => o.metadata.name);
    expect(pod.volumes.filter((v: Json) => v.persistentVolumeClaim).map((v: Json) => v.persistentVolumeClaim.claimName)).toEqual(claims);
    if (claims.length && workload.kind === 'Deployment') expect(workload.spec.strategy).toEqual({ type: 'Recreate' });
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
    expect(pod.enableServiceLinks).toBe(false);
    expect(container.image).toBe(`${result.plan!.name}:latest`);
  });

  it('kustomization.yaml lists exactly the other files, and nothing an overlay owns', () => {
    const [kustomization] = files.get('kustomization.yaml')!;
    expect(Object.keys(kustomization!).sort()).toEqual(['apiVersion', 'kind', 'resources']);
    expect([...kustomization!.resources].sort()).toEqual([...files.keys()].filter((f) => f !== 'kustomization.yaml').sort());
  });

  it('every file carries the pyenvc header and checksum', () => {
    const dir = result.plan!.kubernetes!.dir;
    for (const [path, text] of Object.entries(artifactsOf(result))) if (path.startsWith(`${dir}/`)) expect(text.split('\n')[1]).toMatch(/^# pyenvc-checksum: sha256:[0-9a-f]{64}$/);
  });
});

describe('the restricted check table can fail', () => {
  const pod = (kubernetesFiles(compileFolder(join(FIXTURES, 'k8s-jupyter'))).get('deployment.yaml')![0]!).spec.template.spec as Json;
  const mutations: [string, (s: Json) => void][] = [
    ['check_allowPrivilegeEscalation.go', (s) => delete s.containers[0].securityContext.allowPrivilegeEscalation],
    ['check_capabilities_restricted.go', (s) => (s.containers[0].securityContext.capabilities = { drop: ['NET_RAW'] })],
    ['check_runAsNonRoot.go', (s) => { delete s.securityContext.runAsNonRoot; delete s.containers[0].securityContext.runAsNonRoot; }],
    ['check_runAsUser.go', (s) => (s.securityContext.runAsUser = 0)],
    ['check_seccompProfile_restricted.go', (s) => delete s.securityContext.seccompProfile],
    ['check_restrictedVolumes.go', (s) => s.volumes.push({ name: 'nfs', nfs: { server: 'x', path: '/' } })],
    ['check_hostPathVolumes.go', (s) => s.volumes.push({ name: 'host', hostPath: { path: '/' } })],
    ['check_privileged.go', (s) => (s.containers[0].securityContext.privileged = true)],
    ['check_hostNamespaces.go', (s) => (s.hostNetwork = true)],
    ['check_hostProbesAndhostLifecycle.go', (s) => (s.containers[0].readinessProbe = { httpGet: { host: '10.0.0.1', port: 80 } })],
  ];
  it.each(mutations)('%s catches its violation', (source, mutate) => {
    const changed = structuredClone(pod);
    mutate(changed);
    expect(violations(changed).some((v) => v.startsWith(`${source}:`))).toBe(true);
    expect(RESTRICTED_CHECKS.map((c) => c.source)).toContain(source);
  });
});

describe('kubernetes pass rules', () => {
  it('derives a DNS-1035 name from a pyenvc name, or refuses one that starts with a digit (PYENV245 at name)', () => {
    expect(kubernetesName('my_app.v2')).toBe('my-app-v2');
    expect(kubernetesName('a__b--c..d')).toBe('a-b-c-d');
    expect(kubernetesName('1app')).toBeUndefined();
    const refused = project('version: 1\nname: 1app\npreset: flask\nkubernetes: {}\n');
    const d = refused.diagnostics.find((x) => x.code === 'PYENV245')!;
    expect([d.severity, d.line, d.column]).toEqual(['error', 2, 7]);
    expect(d.hint).toContain('kubernetes.name');
    const named = project('version: 1\nname: 1app\npreset: flask\nkubernetes:\n  name: app-one\n');
    expect(codes(named)).not.toContain('error PYENV245');
    expect(named.plan!.kubernetes!.name).toBe('app-one');
  });

  it('without the kubernetes block nothing is written and the plan has no kubernetes section', () => {
    const r = project('version: 1\nname: demo\npreset: flask\n');
    expect(r.plan!.kubernetes).toBeUndefined();
    expect(Object.keys(artifactsOf(r)).some((p) => p.startsWith('k8s/'))).toBe(false);
  });

  it('a preset path is probed with the image probe (accepts 4xx); a path you chose with httpGet and the Host the image sends', () => {
    const preset = kubernetesFiles(project('version: 1\nname: demo\npreset: flask\nkubernetes: {}\n')).get('deployment.yaml')![0]!.spec.template.spec.containers[0];
    expect(preset.readinessProbe.exec.command.slice(-4)).toEqual(['8000', '/', '3', '500']);
    expect(artifactsOf(project('version: 1\nname: demo\npreset: flask\nkubernetes: {}\n'))['Dockerfile']).toContain(JSON.stringify(preset.readinessProbe.exec.command[2]));
    const chosen = kubernetesFiles(project('version: 1\nname: demo\npreset: flask\nrun:\n  healthcheck:\n    http: /healthz\nkubernetes: {}\n')).get('deployment.yaml')![0]!.spec.template.spec.containers[0];
    expect(chosen.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http', httpHeaders: [{ name: 'Host', value: '127.0.0.1:8000' }] });
    expect(chosen.startupProbe.failureThreshold * chosen.startupProbe.periodSeconds).toBeGreaterThanOrEqual(60);
  });

  it('run.resources reach the pod as strings and compose as deploy.resources; a request above its limit is PYENV246', () => {
    const r = project('version: 1\nname: demo\npreset: flask\nrun:\n  resources:\n    requests: { cpu: 250m, memory: 1Gi }\n    limits: { cpu: "1.5", memory: 2Gi }\nkubernetes: {}\n');
    const c = kubernetesFiles(r).get('deployment.yaml')![0]!.spec.template.spec.containers[0];
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1.5', memory: '2Gi' } });
    expect(artifactsOf(r)['compose.yaml']).toContain('limits:\n          cpus: "1.5"\n          memory: 2g\n        reservations:\n          cpus: "0.25"\n          memory: 1g');
    const bad = project('version: 1\nname: demo\npreset: flask\nrun:\n  resources:\n    requests: { memory: 2Gi }\n    limits: { memory: 1024Mi }\n');
    expect(codes(bad)).toContain('error PYENV246');
    expect(codes(project('version: 1\nname: demo\npreset: flask\nrun:\n  resources:\n    requests: { memory: 1Gi }\n    limits: { memory: 1024Mi }\n'))).not.toContain('error PYENV246');
  });

  it('GPU: the image no longer sets NVIDIA_VISIBLE_DEVICES; compose does, and the pod requests nvidia.com/gpu', () => {
    const r = compileFolder(join(FIXTURES, 'gpu-pytorch'));
    const a = artifactsOf(r);
    expect(a['Dockerfile']).not.toContain('NVIDIA_VISIBLE_DEVICES');
    expect(a['Dockerfile']).toContain('NVIDIA_DRIVER_CAPABILITIES');
    expect(a['compose.yaml']).toContain('NVIDIA_VISIBLE_DEVICES: all');
    const c = kubernetesFiles(r).get('deployment.yaml')![0]!.spec.template.spec.containers[0];
    expect(c.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(c.env ?? []).toEqual([]);
  });

  it('the Jupyter token comes from a Secret mounted at /run/secrets, read through JUPYTER_TOKEN_FILE', () => {
    const pod = kubernetesFiles(compileFolder(join(FIXTURES, 'k8s-jupyter'))).get('deployment.yaml')![0]!.spec.template.spec;
    const c = pod.containers[0];
    expect(c.env).toEqual([{ name: 'JUPYTER_TOKEN_FILE', value: '/run/secrets/jupyter_token' }]);
    expect(c.volumeMounts).toContainEqual({ name: 'secrets', mountPath: '/run/secrets', readOnly: true });
    expect(pod.volumes.find((v: Json) => v.name === 'secrets').secret.items).toEqual([{ key: 'jupyter_token', path: 'jupyter_token' }]);
    expect(c.volumeMounts.map((m: Json) => m.mountPath)).toEqual(expect.arrayContaining(['/tmp', '/home/app/.cache', '/home/app/.local/share/jupyter', '/home/app/.ipython']));
  });

  it('a volume where an emptyDir would go replaces it: one mount per path', () => {
    const c = kubernetesFiles(project('version: 1\nname: demo\npreset: flask\ncompose:\n  volumes: ["./cache:/home/app/.cache"]\nkubernetes: {}\n')).get('deployment.yaml')![0]!.spec.template.spec.containers[0];
    const paths = c.volumeMounts.map((m: Json) => m.mountPath);
    expect(paths.filter((p: string) => p === '/home/app/.cache')).toHaveLength(1);
    expect(c.volumeMounts.find((m: Json) => m.mountPath === '/home/app/.cache').name).toBe('demo-cache');
  });

  it('warns for a read-only volume (PYENV247) and an env_file (PYENV248); refuses a k8s file on another output (PYENV510)', () => {
    expect(codes(project('version: 1\nname: demo\npreset: flask\ncompose:\n  volumes: ["./conf:/app/conf:ro"]\n  env_file: .env\nkubernetes: {}\n'))).toEqual(expect.arrayContaining(['warning PYENV247', 'warning PYENV248']));
    const clash = project('version: 1\nname: demo\npreset: flask\ncompose:\n  file: deploy/service.yaml\nkubernetes:\n  dir: deploy\n');
    expect(codes(clash)).toContain('error PYENV510');
    expect(clash.diagnostics.find((d) => d.code === 'PYENV510')!.line).toBe(7);
  });
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
describe.skipIf(!kubectl)('kubectl kustomize (optional: runs only where kubectl is installed)', () => {
  it.each(K8S_FIXTURES)('the base of %s and an overlay (namespace, image, replicas, Secret) build', (name) => {
    const result = compileFolder(join(FIXTURES, name));
    const k8s = result.plan!.kubernetes!;
    const root = mkdtempSync(join(tmpdir(), 'pyenvc-k8s-'));
    try {
      for (const [path, text] of Object.entries(artifactsOf(result))) {
        if (!path.startsWith(`${k8s.dir}/`)) continue;
        mkdirSync(dirname(join(root, 'base', path.slice(k8s.dir.length + 1))), { recursive: true });
        writeFileSync(join(root, 'base', path.slice(k8s.dir.length + 1)), text);
      }
      mkdirSync(join(root, 'overlay'));
      const secret = k8s.secret ? `secretGenerator:\n  - name: ${k8s.secret.name}\n    files: [${k8s.secret.keys.map((k) => `${k}=${k}.txt`).join(', ')}]\ngeneratorOptions:\n  disableNameSuffixHash: true\n` : '';
      for (const key of k8s.secret?.keys ?? []) writeFileSync(join(root, 'overlay', `${key}.txt`), 'not-a-real-secret\n');
      writeFileSync(join(root, 'overlay', 'kustomization.yaml'), `resources: [../base]\nnamespace: team-a\nimages:\n  - name: ${result.plan!.name}\n    newName: registry.example.org/team-a/${result.plan!.name}\n    newTag: "1.0.0"\n${k8s.workload === 'Deployment' ? `replicas:\n  - name: ${k8s.name}\n    count: 2\n` : ''}${secret}`);
      execFileSync('kubectl', ['kustomize', join(root, 'base')], { encoding: 'utf8' });
      const built = parseAllDocuments(execFileSync('kubectl', ['kustomize', join(root, 'overlay')], { encoding: 'utf8' })).map((d) => d.toJS() as Json);
      const workload = built.find((o) => o.kind === k8s.workload)!;
      expect(workload.metadata.namespace).toBe('team-a');
      expect(workload.spec.template.spec.containers[0].image).toBe(`registry.example.org/team-a/${result.plan!.name}:1.0.0`);
      if (k8s.workload === 'Deployment') expect(workload.spec.replicas).toBe(2);
      if (k8s.secret) expect(built.find((o) => o.kind === 'Secret')!.metadata.name).toBe(k8s.secret.name);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the built binary writes and checks the k8s/ files like the other outputs', () => {
  const temp = tempFolders();
  afterEach(() => temp.cleanUp());
  it('compile writes them, --check passes, a hand edit is refused and --check exits 3 naming the file', () => {
    const dir = temp.copy(join(FIXTURES, 'k8s-jupyter'));
    expect(pyenvc(['compile'], dir).code).toBe(0);
    expect(readdirSync(join(dir, 'k8s')).sort()).toEqual(['deployment.yaml', 'kustomization.yaml', 'pvc.yaml', 'service.yaml']);
    expect(pyenvc(['compile', '--check'], dir).code).toBe(0);
    const file = join(dir, 'k8s', 'deployment.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('terminationGracePeriodSeconds: 10', 'terminationGracePeriodSeconds: 99'));
    const check = pyenvc(['compile', '--check'], dir);
    expect(check.code).toBe(3);
    expect(check.stdout + check.stderr).toContain('k8s/deployment.yaml');
    const again = pyenvc(['compile'], dir);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('edited by hand');
    expect(readFileSync(file, 'utf8')).toContain('terminationGracePeriodSeconds: 99');
  });
});
