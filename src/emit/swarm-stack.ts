import { posix } from 'node:path';
import type { ResolvedPlan, SwarmPlan } from '../plan/types.js';
import { composeYaml } from './quote.js';
import { withHeader } from './text.js';

/**
 * The compose file format version of the stack. `docker stack deploy` refuses a file without one
 * ("unsupported Compose file version: 1.0": docker/cli v20.10.24 cli/compose/schema/schema.go), and
 * every file given with another -c must say the same version ("version mismatched between two
 * composefiles", cli/compose/loader/loader.go). The keys written here need 3.7 (`rollback_config`
 * 3.7, tmpfs volumes 3.6, secret `name` 3.5, `order` 3.4); 3.8 (Docker Engine 19.03.0 and later,
 * https://docs.docker.com/reference/compose-file/legacy-versions/) also lets the user's second file add
 * `placement.max_replicas_per_node` (cli/compose/schema/data/config_schema_v3.8.json).
 */
export const STACK_VERSION = '3.8';
/** Swarm's restart policy after a crash: the same 5 tries as compose's `on-failure:5`, counted over 2 minutes so a crash a week later is retried again (https://docs.docker.com/reference/compose-file/deploy/#restart_policy). */
const RESTART = { delay: '5s', max_attempts: 5, window: '120s' };
/** The overlay network the service joins; attachable, so a proxy started with `docker run --network <stack>_app` can reach it (https://docs.docker.com/engine/network/drivers/overlay/). */
export const STACK_NETWORK = 'app';

/**
 * Renders the Swarm stack file (`docker stack deploy -c <file> <stack>`) as an object passed to
 * `yaml.stringify`, like compose.yaml, with every string a literal (`docker stack deploy` interpolates
 * `${VAR}` from the deploying shell only, never from `.env`, so nothing here relies on a variable).
 * Keys Swarm ignores or rejects are never written: `build`, `restart`, `security_opt` (docker/cli
 * v20.10.24 cli/compose/types/types.go UnsupportedProperties), the service-level `tmpfs` (not converted
 * by cli/compose/convert/service.go; tmpfs mounts are written as `volumes` of type tmpfs), `user` and
 * `group_add`. The healthcheck is NOT repeated: the image's HEALTHCHECK is what Swarm runs, it gates
 * each new task (a task is running only once healthy, and an update waits for that), and repeating it
 * would be a second copy to keep in step with the Dockerfile.
 */
export function renderSwarmStack(plan: ResolvedPlan, swarm: SwarmPlan): string {
  const stackDir = posix.dirname(swarm.file);
  const fromStack = (p: string) => {
    const rel = posix.relative(stackDir === '.' ? '' : stackDir, p.replace(/^\.\//, ''));
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const service: Record<string, unknown> = { image: swarm.image };
  if (swarm.readOnly) service.read_only = true;
  if (swarm.capDropAll) service.cap_drop = ['ALL'];
  if (swarm.ports.length) service.ports = swarm.ports.map((p) => ({ target: p, published: p, protocol: 'tcp', mode: swarm.publish }));
  if (swarm.environment.length) service.environment = Object.fromEntries(swarm.environment);
  if (swarm.envFile) service.env_file = [fromStack(swarm.envFile)];
  const volumes = [
    ...swarm.tmpfs.map((target) => ({ type: 'tmpfs', target })),
    ...swarm.volumes.map((v) => ({ type: 'volume', source: v.name, target: v.target, ...(v.readOnly ? { read_only: true } : {}) })),
  ];
  if (volumes.length) service.volumes = volumes;
  if (swarm.secrets.length) service.secrets = swarm.secrets.map((s) => ({ source: s.key, target: s.key }));
  service.networks = [STACK_NETWORK];
  service.deploy = deploy(plan, swarm);
  const document: Record<string, unknown> = {
    version: STACK_VERSION,
    services: { [swarm.service]: service },
    networks: { [STACK_NETWORK]: { driver: 'overlay', attachable: true } },
  };
  if (swarm.volumes.length) document.volumes = Object.fromEntries(swarm.volumes.map((v) => [v.name, {}]));
  if (swarm.secrets.length) document.secrets = Object.fromEntries(swarm.secrets.map((s) => [s.key, { external: true, name: s.external }]));
  return withHeader([...stackNotes(plan, swarm).map((n) => `# ${n}`), composeYaml(document)].join('\n'), plan.manifest);
}

/**
 * `deploy:` (https://docs.docker.com/reference/compose-file/deploy/): replicas and endpoint mode; a
 * rolling update that starts the new task before stopping the old one (no gap with one replica), one
 * task at a time, rolls back on the first failure inside the monitor window; the rollback itself also
 * starts first and pauses if it fails too (https://docs.docker.com/reference/cli/docker/service/update/#rollback).
 * Resources from run.resources; no GPU reservation (the 3.x format has no `devices`, PYENV251).
 */
function deploy(plan: ResolvedPlan, swarm: SwarmPlan): Record<string, unknown> {
  const monitor = `${swarm.monitorSeconds}s`;
  const order = updateOrder(swarm);
  const out: Record<string, unknown> = {
    replicas: swarm.replicas,
    endpoint_mode: swarm.endpointMode,
    restart_policy: swarm.restart === 'none' ? { condition: 'none' } : { condition: 'on-failure', ...RESTART },
    update_config: { parallelism: 1, order, failure_action: 'rollback', monitor, max_failure_ratio: 0 },
    rollback_config: { parallelism: 1, order, failure_action: 'pause', monitor },
  };
  if (plan.resources) {
    const amounts = (a: NonNullable<ResolvedPlan['resources']>['limits']) => ({ ...(a.cpu ? { cpus: a.cpu.compose } : {}), ...(a.memory ? { memory: a.memory.compose } : {}) });
    const resources: Record<string, unknown> = {};
    const limits = amounts(plan.resources.limits);
    const reservations = amounts(plan.resources.requests);
    if (Object.keys(limits).length) resources.limits = limits;
    if (Object.keys(reservations).length) resources.reservations = reservations;
    if (Object.keys(resources).length) out.resources = resources;
  }
  return out;
}

/**
 * start-first, except with host-mode ports: the new task cannot bind the node port the old one still
 * holds, so on a node running the old task it would never start (https://docs.docker.com/engine/swarm/services/#publish-a-services-ports-directly-on-the-swarm-node).
 */
function updateOrder(swarm: SwarmPlan): 'start-first' | 'stop-first' {
  return swarm.publish === 'host' && swarm.ports.length > 0 ? 'stop-first' : 'start-first';
}

function stackNotes(plan: ResolvedPlan, swarm: SwarmPlan): string[] {
  const stack = swarm.service;
  const notes = [
    `Deploy: docker stack deploy -c ${swarm.file} ${stack}   (Docker Swarm; compose.yaml is for one machine)`,
    `Every node that runs a task needs the image ${swarm.image}: push it to a registry the nodes can pull from`,
    '(and deploy with --with-registry-auth), or build it on each node; docker stack deploy ignores `build`.',
  ];
  if (swarm.publish === 'none') {
    notes.push(
      'No port is published: Swarm cannot bind a port to 127.0.0.1 as compose.yaml does, and would publish it on ALL',
      `interfaces of EVERY node. Reach the service on the overlay network ${stack}_${STACK_NETWORK} (attachable): a reverse proxy`,
      `you publish on purpose, or a one-off client: docker run --rm --network ${stack}_${STACK_NETWORK} <image> <command> (host ${swarm.service}${plan.ports.primary ? `, port ${plan.ports.primary}` : ''}).`,
    );
  } else if (swarm.ports.length) {
    notes.push(
      `WARNING: ${swarm.ports.length > 1 ? `ports ${swarm.ports.join(', ')} are` : `port ${swarm.ports[0]} is`} published on ALL interfaces of ${swarm.publish === 'ingress' ? 'EVERY node (routing mesh)' : 'each node that runs a task'},`,
      'not on 127.0.0.1 as in compose.yaml: Swarm has no host address. Firewall them, or use swarm.publish: none and a proxy.',
    );
  }
  if (swarm.endpointMode === 'dnsrr') notes.push(`endpoint_mode dnsrr: the name ${swarm.service} resolves to every task's address; a client or proxy balances (no virtual IP, no IPVS).`);
  if (swarm.secrets.length) {
    notes.push('Create the secrets before the first deploy (Swarm secrets cannot be empty; the stack never reads secrets/ or .env):');
    for (const s of swarm.secrets) notes.push(`  printf %s "$${s.variable}" | docker secret create ${s.external} -    -> ${s.target}, read through ${s.variable}_FILE`);
  }
  notes.push(
    updateOrder(swarm) === 'start-first'
      ? "Updates: one task at a time, the new one started and healthy (the image's HEALTHCHECK) before the old one stops;"
      : 'Updates: one task at a time, the old one stopped first (a host-mode port cannot be bound twice on a node), so it is down meanwhile;',
    `a failure within ${swarm.monitorSeconds} s of a task being up rolls the service back.`,
  );
  const dropped: string[] = [];
  if (plan.finalize.compose.noNewPrivileges) dropped.push('no-new-privileges (Swarm ignores security_opt)');
  if (plan.finalize.compose.user) dropped.push('compose.match_host_user (tasks run as the image user)');
  if (plan.finalize.compose.tmpfs.length) dropped.push('the tmpfs uid/gid/mode options (tmpfs mounts here are mode 1777)');
  if (swarm.gpu) dropped.push('the GPU reservation (see PYENV251)');
  if (dropped.length) notes.push(`Not carried over from compose.yaml: ${dropped.join('; ')}.`);
  return notes;
}
