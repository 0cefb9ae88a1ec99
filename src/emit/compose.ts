import { posix } from 'node:path';
import type { ResolvedPlan } from '../plan/types.js';
import { composeExpression, composeYaml } from './quote.js';
import { withHeader } from './text.js';

/**
 * Renders compose.yaml as an object passed to `yaml.stringify` (never a template), valid against the
 * Compose Specification. Ports carry the host address from compose.publish (case C12); bind mounts use
 * the long syntax with `create_host_path: false`, so a missing host folder fails clearly instead of
 * being created by the daemon as root (case C10). Every string is written as a literal (`$` doubled,
 * quoted where YAML 1.1 or 1.2 would read another type) unless marked as an expression, so neither
 * interpolation nor the YAML parser can change it (https://docs.docker.com/reference/compose-file/interpolation/).
 */
export function renderCompose(plan: ResolvedPlan): string {
  const { finalize } = plan;
  const compose = finalize.compose;
  const composeDir = posix.dirname(compose.file);
  const fromCompose = (p: string) => {
    const rel = posix.relative(composeDir === '.' ? '' : composeDir, p === '.' ? '' : p.replace(/^\.\//, ''));
    return rel === '' ? '.' : rel.startsWith('.') ? rel : `./${rel}`;
  };
  const service: Record<string, unknown> = {
    // Compose reads `dockerfile` relative to the build context (https://docs.docker.com/reference/compose-file/build/#dockerfile).
    build: { context: fromCompose(finalize.context), dockerfile: posix.relative(finalize.context === '.' ? '' : finalize.context, finalize.outputs.dockerfile) },
    image: `${plan.name}:latest`,
  };
  // The plan's user and environment values are Compose expressions (${UID:-1000}); every other string is a literal.
  if (compose.user) service.user = composeExpression(compose.user);
  if (compose.groupAdd) service.group_add = [compose.groupAdd];
  // The lock-down of issue 13 item 8 (see src/passes/compose-hardening.ts for each key's source).
  if (compose.readOnly) service.read_only = true;
  if (compose.tmpfs.length) service.tmpfs = compose.tmpfs.map(composeExpression);
  if (compose.capDropAll) service.cap_drop = ['ALL'];
  if (compose.noNewPrivileges) service.security_opt = ['no-new-privileges:true'];
  if (compose.ports.length) service.ports = compose.ports;
  if (compose.environment.length) service.environment = Object.fromEntries(compose.environment.map(([k, v]) => [k, composeExpression(v)]));
  if (compose.envFile) service.env_file = [fromCompose(compose.envFile)];
  if (compose.volumes.length || compose.namedVolumes.length) {
    service.volumes = [
      ...compose.volumes.map((v) => ({
        type: 'bind',
        source: fromCompose(v.source),
        target: v.target,
        ...(v.readOnly ? { read_only: true } : {}),
        bind: { create_host_path: false, ...(v.selinux ? { selinux: v.selinux } : {}) },
      })),
      // project.writable folders on a read-only root file system (https://docs.docker.com/reference/compose-file/services/#volumes).
      ...compose.namedVolumes.map((v) => ({ type: 'volume', source: v.name, target: v.target })),
    ];
  }
  if (compose.secrets.length) service.secrets = compose.secrets.map((s) => ({ source: s.name, target: s.target }));
  const resources = deployResources(plan);
  if (resources) service.deploy = { resources };
  service.restart = compose.restart;
  const document: Record<string, unknown> = { services: { [compose.service]: service } };
  if (compose.secrets.length) document.secrets = Object.fromEntries(compose.secrets.map((s) => [s.name, { file: fromCompose(s.file) }]));
  if (compose.namedVolumes.length) document.volumes = Object.fromEntries(compose.namedVolumes.map((v) => [v.name, {}]));
  const notes = composeNotes(plan);
  const body = [...notes.map((n) => `# ${n}`), composeYaml(document)].join('\n');
  return withHeader(body, plan.manifest);
}

/**
 * deploy.resources (https://docs.docker.com/reference/compose-file/deploy/#resources): run.resources'
 * limits and requests (as reservations), and with compose.gpu a reservation of the NVIDIA GPUs
 * (https://docs.docker.com/compose/how-tos/gpu-support/). Undefined when there is nothing to reserve.
 */
function deployResources(plan: ResolvedPlan): Record<string, unknown> | undefined {
  const amounts = (a: NonNullable<ResolvedPlan['resources']>['limits']) => ({ ...(a.cpu ? { cpus: a.cpu.compose } : {}), ...(a.memory ? { memory: a.memory.compose } : {}) });
  const limits = plan.resources ? amounts(plan.resources.limits) : {};
  const reservations: Record<string, unknown> = plan.resources ? amounts(plan.resources.requests) : {};
  if (plan.finalize.compose.gpu) reservations.devices = [{ driver: 'nvidia', count: 'all', capabilities: ['gpu'] }];
  const out: Record<string, unknown> = {};
  if (Object.keys(limits).length) out.limits = limits;
  if (Object.keys(reservations).length) out.reservations = reservations;
  return Object.keys(out).length ? out : undefined;
}

function composeNotes(plan: ResolvedPlan): string[] {
  const notes = [`Start: docker compose -f ${plan.finalize.compose.file} up --build`];
  if (plan.finalize.compose.user) {
    notes.push('The service runs as your host user so files it writes in bind mounts stay yours. Bash does not', 'export UID and has no GID: run `export UID GID=$(id -g)` first, or put UID=... and GID=... in .env.');
  }
  if (plan.entrypoint.jupyter?.auth === 'token') {
    // The service gets only JUPYTER_TOKEN_FILE, from this secret file: JUPYTER_TOKEN in the shell does not reach it (finalize.ts composeEnvironment).
    notes.push(
      'Jupyter token: the file secrets/jupyter_token must exist (kept out of the image by .dockerignore):',
      '`mkdir -p secrets && openssl rand -hex 16 > secrets/jupyter_token`, then log in with that token; left',
      'empty, Jupyter generates one and prints the login URL in the logs.',
    );
  }
  if (plan.entrypoint.jupyter?.auth === 'password') notes.push('Jupyter password: write it to secrets/jupyter_password (one line, kept out of the image by .dockerignore).');
  if (plan.finalize.compose.volumes.length) notes.push('Bind-mounted host folders must exist before `up` (create_host_path: false).');
  const { compose } = plan.finalize;
  if (compose.readOnly) notes.push('Hardened: read-only root file system (tmpfs for /tmp and HOME caches), no capabilities, no new privileges;', 'turn a part off with compose.hardening in the manifest.');
  return notes;
}
