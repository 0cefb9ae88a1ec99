import { WRITABLE_FOLDERS } from '../catalog/writable-folders.js';
import { compareText } from '../diagnostics/diagnostic.js';
import { normalizeRelative } from '../manifest/paths.js';
import { healthcheckProbe, seconds } from '../plan/healthcheck-probe.js';
import type { DependenciesPlan, EntrypointPlan, FinalizePlan, HealthcheckPlan, KubernetesPlan, KubernetesProbePlan, PortsPlan, ShellPlan } from '../plan/types.js';
import type { PassContext } from './context.js';
import { boundedLabel, kubernetesName } from './kubernetes-name.js';

/** Docker's default stop timeout, which compose uses too: SIGTERM, then SIGKILL after 10 s (https://docs.docker.com/reference/cli/docker/container/stop/). */
const STOP_GRACE_SECONDS = 10;
/** The least time the startup probe allows before the kubelet restarts the container. */
const STARTUP_FLOOR_SECONDS = 60;

/**
 * Resolves the Kubernetes kustomize base from the finished plan sections (undefined without the
 * manifest's `kubernetes` block). Everything the pod shares with the image and compose — image name,
 * uid/gid, ports, healthcheck, volumes, secrets, GPU — is read from those sections, never recomputed.
 * Reports PYENV245 (no valid object name), PYENV247 (a read-only volume becomes an empty read-only
 * claim), PYENV248 (compose.env_file is not read by Kubernetes), PYENV510 (an output path that is
 * another file's) and PYENV511 (kubernetes.dir outside the manifest's folder).
 */
export function resolveKubernetes(ctx: PassContext, manifestFile: string, dependencies: DependenciesPlan, shell: ShellPlan, ports: PortsPlan, entrypoint: EntrypointPlan, finalize: FinalizePlan): KubernetesPlan | undefined {
  const block = ctx.manifest.kubernetes;
  if (!block) return undefined;
  const name = block.name ?? kubernetesName(ctx.manifest.name);
  if (!name) {
    ctx.report({
      code: 'PYENV245',
      message: `name "${ctx.manifest.name}" cannot be made a Kubernetes name: Service names must start with a letter (DNS-1035 label)`,
      hint: 'set kubernetes.name to a name of lower-case letters, digits and -, starting with a letter, such as "app-' + ctx.manifest.name.replace(/[._-]+/g, '-').replace(/-+$/, '') + '"',
      path: ['name'],
    });
    return undefined;
  }
  const dir = normalizeRelative(block.dir);
  if (dir === undefined) {
    ctx.report({ code: 'PYENV511', message: `kubernetes.dir "${block.dir}" is outside the manifest's folder`, hint: 'write the Kubernetes files at or below the folder of pyenv.yaml, such as "k8s"', path: ['kubernetes', 'dir'] });
    return undefined;
  }
  const workload = finalize.compose.restart === 'no' ? 'Job' : 'Deployment';
  const compose = finalize.compose;
  const at = (file: string) => (dir === '.' ? file : `${dir}/${file}`);
  const files: KubernetesPlan['files'] = { kustomization: at('kustomization.yaml'), workload: at(workload === 'Job' ? 'job.yaml' : 'deployment.yaml') };
  if (ports.container.length) files.service = at('service.yaml');
  if (compose.volumes.length) files.pvc = at('pvc.yaml');
  checkOutputPaths(ctx, manifestFile, files, finalize);
  compose.volumes.forEach((v, i) => {
    if (v.readOnly) ctx.report({ code: 'PYENV247', severity: 'warning', message: `compose.volumes[${i}] is read-only: in Kubernetes it becomes an EMPTY claim mounted read-only at ${v.target}`, hint: 'ship those files in the image (project.copy), or mount a ConfigMap over the claim in your kustomize overlay', path: ['compose', 'volumes', i] });
  });
  if (compose.envFile) ctx.report({ code: 'PYENV248', severity: 'warning', message: `compose.env_file "${compose.envFile}" is read by Compose only: the Kubernetes pods do not get its variables`, hint: 'in your kustomize overlay, generate a Secret from that file (secretGenerator with envs:) and add it to the container with envFrom', path: ['compose', 'env_file'] });
  const primaryFirst = ports.primary === undefined ? [] : [ports.primary, ...ports.container.filter((p) => p !== ports.primary)];
  const plan: KubernetesPlan = {
    dir,
    name,
    workload,
    image: `${ctx.manifest.name}:latest`,
    uid: shell.uid,
    gid: shell.gid,
    ports: primaryFirst.map((port, i) => ({ name: i === 0 ? 'http' : `http-${port}`, port })),
    writable: [],
    claims: claims(name, compose.volumes, block.storage),
    env: secretEnv(entrypoint),
    gpu: compose.gpu,
    terminationGracePeriodSeconds: STOP_GRACE_SECONDS,
    files,
  };
  // A healthcheck without a path (`healthcheck: {}` and no preset) has nothing to probe: no probes
  // rather than a probe of a path nobody chose.
  // A claim mounted where an emptyDir would go is writable already; two mounts at one path are invalid.
  plan.writable = writableFolders(finalize.env, shell.home, Boolean(entrypoint.jupyter)).filter((p) => !plan.claims.some((c) => c.mountPath === p));
  if (ports.healthcheck?.path) plan.probe = probe(ports.healthcheck, dependencies.environment);
  const keys = secretKeys(entrypoint, compose.secrets);
  if (keys.length) plan.secret = { name: boundedLabel(`${name}-secrets`), keys, mountPath: '/run/secrets' };
  return plan;
}

/**
 * Kubernetes counts 200-399 as success for httpGet (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes),
 * which is the rule for a path the user chose; a preset's path also accepts 4xx, so the image's own
 * probe command runs (exec). The Host header is the one the image's probe sends (http.client:
 * `127.0.0.1:<port>`), so Django's ALLOWED_HOSTS sees the same request. Startup allows the start
 * period plus the retries, as Docker does (https://docs.docker.com/reference/dockerfile/#healthcheck), and at least 60 s.
 */
function probe(check: HealthcheckPlan, environment: string): KubernetesProbePlan {
  const period = Math.max(1, Math.ceil(seconds(check.interval)));
  return {
    handler: check.failFrom === 400 ? { httpGet: { path: check.path, port: 'http', host: `127.0.0.1:${check.port}` } } : { exec: healthcheckProbe(check, environment) },
    periodSeconds: period,
    timeoutSeconds: Math.max(1, Math.ceil(seconds(check.timeout))),
    failureThreshold: check.retries,
    // At least a minute: a cold node starts slower than a laptop, and a generous startup probe costs
    // nothing (liveness waits for it, readiness gates traffic from the first success).
    startupFailureThreshold: Math.max(Math.ceil(seconds(check.startPeriod) / period) + check.retries, Math.ceil(STARTUP_FLOOR_SECONDS / period)),
  };
}

/** The catalog's folders, resolved against the image ENV and HOME; sorted, and a folder inside another is left out (its parent's emptyDir covers it). */
function writableFolders(env: [string, string][], home: string, jupyter: boolean): string[] {
  const values = new Map(env);
  const paths = WRITABLE_FOLDERS.filter((f) => jupyter || !f.jupyterOnly)
    .map((f) => (f.variable ? values.get(f.variable) : f.path!.startsWith('~/') ? `${home}/${f.path!.slice(2)}` : f.path))
    .filter((p): p is string => p !== undefined && p.startsWith('/'))
    .map((p) => p.replace(/\/+$/, ''));
  const unique = [...new Set(paths)].sort(compareText);
  return unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(`${q}/`)));
}

/** `<name>-<last folder of the target>`, made unique with the volume's index. */
function claims(name: string, volumes: FinalizePlan['compose']['volumes'], storage: string): KubernetesPlan['claims'] {
  const taken = new Set<string>();
  return volumes.map((v, i) => {
    const last = v.target.split('/').filter(Boolean).pop() ?? 'root';
    const slug = last.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'data';
    let claim = boundedLabel(`${name}-${slug}`);
    if (taken.has(claim)) claim = boundedLabel(`${boundedLabel(name, 50)}-${slug}`.slice(0, 58)) + `-${i}`;
    taken.add(claim);
    return { name: claim, mountPath: v.target, readOnly: v.readOnly, storage };
  });
}

/** Jupyter's token or password file in the Secret: the same key names and /run/secrets paths as compose's secrets. */
function secretKeys(entrypoint: EntrypointPlan, secrets: FinalizePlan['compose']['secrets']): string[] {
  if (entrypoint.jupyter?.auth === 'token') return ['jupyter_token'];
  return secrets.map((s) => s.name).sort(compareText);
}

/** The *_FILE variables the entrypoint reads (the Docker secrets convention it implements). */
function secretEnv(entrypoint: EntrypointPlan): [string, string][] {
  if (entrypoint.jupyter?.auth === 'token') return [['JUPYTER_TOKEN_FILE', '/run/secrets/jupyter_token']];
  if (entrypoint.jupyter?.auth === 'password') return [['JUPYTER_PASSWORD_FILE', '/run/secrets/jupyter_password']];
  return [];
}

/** PYENV510: a Kubernetes file may not be the manifest or another generated file, nor lie in .git/. */
function checkOutputPaths(ctx: PassContext, manifestFile: string, files: KubernetesPlan['files'], finalize: FinalizePlan): void {
  const others = new Map<string, string>([[manifestFile, 'the manifest itself'], ...Object.entries(finalize.outputs).map(([k, v]) => [v, `the generated ${k} file`] as [string, string])]);
  for (const path of Object.values(files)) {
    const clash = path.split('/').includes('.git') ? "inside .git/, Git's own data" : others.get(path);
    if (clash) ctx.report({ code: 'PYENV510', message: `kubernetes.dir puts "${path}" at ${clash}`, hint: 'set kubernetes.dir to a folder of its own, such as "k8s"', path: ['kubernetes', 'dir'] });
  }
}
