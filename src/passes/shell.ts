import { TINI_PATH } from '../catalog/images.js';
import type { BasePlan, ShellPlan } from '../plan/types.js';
import type { PassContext } from './context.js';

/**
 * Resolves the OS-level part of the runtime stage: the packages it installs (system.packages, plus
 * tini when run.init is on, plus Python itself on a distribution image), the command that creates the
 * non-root user, and the build steps and arguments. Package lists are sorted so output is stable.
 */
export function resolveShell(ctx: PassContext, base: BasePlan): ShellPlan {
  const { system, user, run, build } = ctx.manifest;
  const packages = new Set(system.packages);
  if (run.init) packages.add('tini');
  if (base.distroPython) packages.add(base.family === 'alpine' ? 'python3' : 'python3');
  const home = `/home/${user.name}`;
  const plan: ShellPlan = {
    runtimePackages: [...packages].sort(),
    createUser: createUserCommand(base.family, user.name, user.uid, user.gid, home),
    home,
    uid: user.uid,
    gid: user.gid,
    userName: user.name,
    buildSteps: [...build.run],
    buildArgs: Object.entries(build.args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
  if (run.init) plan.tini = TINI_PATH[base.family];
  return plan;
}

/**
 * The user gets a numeric uid/gid (so Kubernetes' runAsNonRoot can verify it) and a HOME of its own.
 * HOME is no longer world-writable (issue 13 item 6): the emitter makes it group-writable for the
 * user's group, which compose adds to a host uid (group_add), as jupyter/docker-stacks does.
 */
function createUserCommand(family: BasePlan['family'], name: string, uid: number, gid: number, home: string): string {
  if (family === 'alpine') {
    return `addgroup -S -g ${gid} ${name} && adduser -S -D -u ${uid} -G ${name} -h ${home} -s /sbin/nologin ${name}`;
  }
  return `groupadd --gid ${gid} ${name} && useradd --no-log-init --uid ${uid} --gid ${gid} --home-dir ${home} --create-home --shell /usr/sbin/nologin ${name}`;
}
