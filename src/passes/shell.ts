import { TINI } from '../catalog/init-processes.js';
import type { BasePlan, DependenciesPlan, InitPlan, ShellPlan } from '../plan/types.js';
import type { PassContext } from './context.js';
import { collectstaticCommand, collectstaticEnvironment } from './django-static.js';
import { checkAccountIds, createAccountCommand } from './user-account.js';

/**
 * Resolves the OS-level part of the runtime stage: the packages it installs (system.packages, plus
 * tini when run.init is on and the environment brings no init of its own (dependencies.init, issue 14),
 * plus Python itself on a distribution image), the command that creates the
 * non-root user, and the build steps and arguments (django.collectstatic first among the steps after
 * the copy, with the build-only variables its settings need: src/passes/django-static.ts). The runtime libraries the source-build table
 * added for declared requirements (`dependencies.sourceBuilds`) are installed here too. Package lists
 * are sorted so output is stable.
 */
export function resolveShell(ctx: PassContext, base: BasePlan, dependencies: Pick<DependenciesPlan, 'sourceBuilds' | 'init'>): ShellPlan {
  const { system, user, run, build } = ctx.manifest;
  const packages = new Set([...system.packages, ...(dependencies.sourceBuilds ?? []).flatMap((s) => s.runtime)]);
  const init: InitPlan | undefined = !run.init ? undefined : (dependencies.init ?? { name: 'tini', argv: [...TINI.argv], from: 'system-package' });
  if (init?.from === 'system-package') packages.add(TINI.package);
  if (base.distroPython) packages.add(base.family === 'alpine' ? 'python3' : 'python3');
  const home = `/home/${user.name}`;
  const collectstatic = ctx.manifest.preset === 'django' && ctx.manifest.django.collectstatic;
  // The settings' environment with no default gets throwaway values in that one RUN (trial F3).
  const collectstaticEnv = collectstaticEnvironment(ctx);
  checkAccountIds(ctx, base.family, { name: user.name, uid: user.uid, gid: user.gid, home });
  const plan: ShellPlan = {
    runtimePackages: [...packages].sort(),
    createUser: createUserCommand(base.family, user.name, user.uid, user.gid, home),
    home,
    uid: user.uid,
    gid: user.gid,
    userName: user.name,
    buildSteps: [...build.run],
    afterCopySteps: [...(collectstatic ? [collectstaticCommand(collectstaticEnv)] : []), ...build.after_copy],
    buildArgs: Object.entries(build.args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
  if (init) plan.init = init;
  if (collectstaticEnv.length) plan.collectstaticEnv = collectstaticEnv;
  return plan;
}

/**
 * The account itself comes from createAccountCommand (an existing uid or gid of the base image is
 * reused, not re-created: issue 12 item 8, issue 13 item 10). The user gets a numeric uid/gid (so
 * Kubernetes' runAsNonRoot can verify it) and a HOME of its own. HOME is not world-writable (issue 13
 * item 6): the emitter makes it group-writable for the user's group, which compose adds to a host uid
 * (group_add), as jupyter/docker-stacks does.
 */
function createUserCommand(family: BasePlan['family'], name: string, uid: number, gid: number, home: string): string {
  return createAccountCommand(family, { name, uid, gid, home });
}
