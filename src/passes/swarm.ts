import { compareText } from '../diagnostics/diagnostic.js';
import { normalizeRelative } from '../manifest/paths.js';
import { seconds } from '../plan/healthcheck-probe.js';
import type { EntrypointPlan, FinalizePlan, PortsPlan, SwarmPlan, SwarmSecretPlan } from '../plan/types.js';
import type { PassContext } from './context.js';
import { checkSwarmOutput } from './swarm-output.js';

/** Swarm's own default `monitor` is 5 s (https://docs.docker.com/reference/compose-file/deploy/#update_config); without a healthcheck pyenvc watches a new task a little longer, since an app that cannot import crashes within seconds. */
const MONITOR_WITHOUT_HEALTHCHECK_SECONDS = 10;
/** swarmkit refuses secret names longer than 64 characters (manager/controlapi/secret.go validateSecretSpec, via validateConfigOrSecretAnnotations). */
const SECRET_NAME_MAX = 64;

/**
 * Resolves the Swarm stack from the finished plan sections (undefined without the manifest's `swarm`
 * block). Image, ports, hardening, environment, volumes and secrets are read from the compose and
 * entrypoint sections, never recomputed; what Swarm reads differently from Compose is decided here:
 *  - ports: Swarm's port config has no host address (docker/cli v20.10.24
 *    cli/compose/convert/service.go convertEndpointSpec copies protocol, target, published and mode
 *    only), so `127.0.0.1:8000:8000` is published on every interface (moby/moby#32299; ingress on every
 *    node, host on the task's node: Engine API EndpointPortConfig.PublishMode,
 *    https://docs.docker.com/engine/swarm/ingress/). pyenvc publishes nothing unless swarm.publish says
 *    ingress or host, and then warns (PYENV250).
 *  - GPU: the 3.x format's `deploy.resources.reservations` has no `devices` (docker/cli v20.10.24
 *    cli/compose/schema/data/config_schema_v3.8.json), so the stack reserves none (PYENV251).
 *  - bind mounts: a host folder exists on one node only; each becomes a named volume (PYENV252).
 *  - Jupyter: one server per replica, each with its own kernels, so more than one is refused (PYENV253).
 *  - dnsrr with ingress publishing: Docker refuses the service ("EndpointSpec: port published with ingress
 *    mode can't be used with dnsrr mode", moby/swarmkit#1693), so pyenvc does first (PYENV254).
 * The update monitor covers the healthcheck: a task that passes its first probe and then fails
 * `retries` probes in a row is unhealthy after interval × retries + timeout, and a failure inside the
 * monitor window triggers failure_action (https://docs.docker.com/engine/swarm/services/#configure-a-services-update-behavior).
 * Also reports PYENV512 (an output path that is another file's), PYENV513 (swarm.file outside the
 * manifest's folder) and PYENV514 (a secret name longer than Swarm allows).
 */
export function resolveSwarm(ctx: PassContext, manifestFile: string, ports: PortsPlan, entrypoint: EntrypointPlan, finalize: FinalizePlan): SwarmPlan | undefined {
  const block = ctx.manifest.swarm;
  if (!block) return undefined;
  const file = normalizeRelative(block.file);
  if (file === undefined) {
    ctx.report({ code: 'PYENV513', message: `swarm.file "${block.file}" is outside the manifest's folder`, hint: 'write the stack file at or below the folder of pyenv.yaml, such as "stack.yaml"', path: ['swarm', 'file'] });
    return undefined;
  }
  if (!checkSwarmOutput(ctx, manifestFile, file, finalize)) return undefined;
  const compose = finalize.compose;
  const service = swarmServiceName(compose.service);
  const jupyter = entrypoint.jupyter !== undefined;
  const replicas = block.replicas ?? (ports.container.length > 0 && !jupyter ? 2 : 1);
  if (jupyter && replicas > 1) {
    ctx.report({ code: 'PYENV253', message: `swarm.replicas is ${replicas}: each Jupyter replica is a server of its own, with its own kernels and sessions, and requests would alternate between them`, hint: 'set swarm.replicas to 1 (the default for Jupyter); run one stack per user for more servers', path: ['swarm', 'replicas'] });
  }
  const published = block.publish !== 'none' && ports.container.length > 0;
  if (block.endpoint_mode === 'dnsrr' && block.publish === 'ingress' && published) {
    ctx.report({ code: 'PYENV254', message: 'swarm.endpoint_mode dnsrr cannot be used with swarm.publish ingress: Docker refuses a service that publishes through the routing mesh without a virtual IP', hint: 'set swarm.publish to host or none, or swarm.endpoint_mode to vip', path: ['swarm', 'endpoint_mode'] });
  }
  if (published) {
    const where = block.publish === 'ingress' ? 'on ALL interfaces of EVERY node of the Swarm (the routing mesh)' : 'on ALL interfaces of each node that runs a task';
    ctx.report({ code: 'PYENV250', severity: 'warning', message: `swarm.publish ${block.publish} publishes port${ports.container.length > 1 ? 's' : ''} ${ports.container.join(', ')} ${where}: Swarm has no host address, so compose.publish (${ports.publish}) does not apply`, hint: 'keep swarm.publish: none and put a reverse proxy on the stack network "app", or firewall these ports on every node', path: ['swarm', 'publish'] });
  }
  if (compose.gpu) {
    ctx.report({ code: 'PYENV251', severity: 'warning', message: 'compose.gpu: the Swarm stack reserves no GPU, because docker stack deploy rejects the deploy.resources.reservations.devices that compose.yaml uses', hint: 'on each GPU node set "default-runtime": "nvidia" and "node-generic-resources" in /etc/docker/daemon.json, then reserve them with deploy.resources.reservations.generic_resources in a second file (docker stack deploy -c stack.yaml -c gpu.yaml)', path: ['compose', 'gpu'] });
  }
  compose.volumes.forEach((v, i) => {
    ctx.report({ code: 'PYENV252', severity: 'warning', message: `compose.volumes[${i}]: the host folder ${v.source} does not follow a task to another node, so the stack mounts a named volume at ${v.target} instead: it starts with the image's files there, not the host folder's`, hint: 'ship those files in the image (project.copy), or mount a volume every node shares (an NFS volume driver) in a second stack file', path: ['compose', 'volumes', i] });
  });
  const secrets = swarmSecrets(entrypoint, block.secrets, service);
  for (const s of secrets) {
    if (s.external.length > SECRET_NAME_MAX) ctx.report({ code: 'PYENV514', message: `the Swarm secret name "${s.external}" is longer than the ${SECRET_NAME_MAX} characters Swarm allows`, hint: 'choose a shorter name or a shorter variable in swarm.secrets', path: block.secrets.includes(s.variable) ? ['swarm', 'secrets', block.secrets.indexOf(s.variable)] : ['name'] });
  }
  const environment = new Map(compose.environment);
  for (const s of secrets) environment.set(`${s.variable}_FILE`, s.target);
  return {
    file,
    service,
    image: `${ctx.manifest.name}:latest`,
    replicas,
    endpointMode: block.endpoint_mode,
    publish: block.publish,
    ports: published ? [...ports.container] : [],
    restart: compose.restart === 'no' ? 'none' : 'on-failure',
    monitorSeconds: ports.healthcheck ? Math.max(5, Math.ceil(seconds(ports.healthcheck.interval) * ports.healthcheck.retries + seconds(ports.healthcheck.timeout))) : MONITOR_WITHOUT_HEALTHCHECK_SECONDS,
    readOnly: compose.readOnly,
    tmpfs: compose.tmpfs.map((t) => t.split(':')[0]!),
    capDropAll: compose.capDropAll,
    volumes: [
      ...compose.volumes.map((v) => ({ name: volumeName(v.target), target: v.target, readOnly: v.readOnly })),
      ...compose.namedVolumes.map((v) => ({ name: v.name, target: v.target, readOnly: false })),
    ],
    environment: [...environment].sort(([a], [b]) => compareText(a, b)),
    ...(compose.envFile ? { envFile: compose.envFile } : {}),
    secrets,
    gpu: compose.gpu,
  };
}

/**
 * Jupyter's token or password secret (the one compose mounts) and one per swarm.secrets variable, all
 * external (created with `docker secret create` before the deploy) and mounted at /run/secrets/<key>,
 * where Swarm puts secrets by default (https://docs.docker.com/engine/swarm/secrets/). External
 * rather than `file:`: a `file:` secret is created by each deploy from a file on the deploying machine,
 * and a changed file then fails the redeploy ("only updates to Labels are allowed", moby/moby#33808),
 * while an external one is rotated under a new name. Sorted by key; a variable named twice is mounted once.
 */
function swarmSecrets(entrypoint: EntrypointPlan, variables: readonly string[], service: string): SwarmSecretPlan[] {
  const auth = entrypoint.jupyter?.auth;
  const names = [...(auth === 'token' ? ['JUPYTER_TOKEN'] : auth === 'password' ? ['JUPYTER_PASSWORD'] : []), ...variables];
  const byKey = new Map<string, SwarmSecretPlan>();
  for (const variable of names) {
    const key = variable.toLowerCase();
    byKey.set(key, { key, external: `${service}_${key}`, target: `/run/secrets/${key}`, variable });
  }
  return [...byKey.values()].sort((a, b) => compareText(a.key, b.key));
}

/**
 * The stack's service key: compose's service name with each `.` made `-` and trailing `-`/`_` cut,
 * since Swarm service names (`<stack>_<service>`) must match `^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$`
 * (moby/swarmkit manager/controlapi/common.go isValidDNSName): `my_web.v2` → `my_web-v2`.
 */
export function swarmServiceName(name: string): string {
  return name.replace(/\./g, '-').replace(/[-_]+$/, '') || 'app';
}

/** A stack volume name (`^[a-zA-Z0-9._-]+$`) for a folder: `/home/app/work` → `home-app-work`. */
function volumeName(folder: string): string {
  return folder.replace(/^\/+/, '').replace(/[^a-zA-Z0-9._-]+/g, '-') || 'root';
}
