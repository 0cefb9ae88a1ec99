import { healthcheckProbe } from '../plan/healthcheck-probe.js';
import type { ResolvedPlan } from '../plan/types.js';
import { envText, runText, secretNotes, toolCopyText, versionNotes } from './build-steps.js';
import { renderTemplate } from './handlebars.js';
import { userRun, writableRun } from './ownership.js';
import { copyArguments, dockerfileValue, execForm, shellForm } from './quote.js';
import { withHeader } from './text.js';

/**
 * Renders the multi-stage Dockerfile. Builder: whatever the dependency manager's plan says (tool
 * binaries, environment and tool environments, dependency files copied alone, install steps with
 * BuildKit cache mounts (https://docs.docker.com/build/cache/optimize/#use-cache-mounts) and the index
 * credentials as an optional secret mount, so they never land in a layer
 * (https://docs.docker.com/build/building/secrets/)). Runtime: the environment at the same path and
 * first on PATH, a numeric non-root USER, the project copied last and owned by root (read-only to the
 * app), exec-form HEALTHCHECK/ENTRYPOINT/CMD.
 * Uses only what Docker 20.10's built-in frontend understands, so no `# syntax=` line (it would pull a
 * frontend image from a registry).
 */
export function renderDockerfile(plan: ResolvedPlan): string {
  const { base, dependencies, shell, ports, entrypoint, finalize } = plan;
  const apt = (packages: string[]) => packageInstall(base.family, packages);
  const activated = (step: string) => (dependencies.activationWrapper ? execForm([dependencies.activationWrapper, '/bin/sh', '-c', step]) : shellForm(step));
  const body = renderTemplate('Dockerfile', {
    name: plan.name,
    buildCommand: buildCommand(plan),
    buildNotes: [...secretNotes(dependencies), ...versionNotes(dependencies)],
    platformFlag: base.platform ? `--platform=${base.platform} ` : '',
    builderImage: base.builderImage,
    runtimeImage: base.runtimeImage,
    environment: dependencies.environment,
    builderUser: dependencies.builderUser ?? '',
    builderShell: dependencies.builderShell ? execForm(dependencies.builderShell) : '',
    builderEnv: envText(dependencies.builderEnv),
    builderPackagesRun: dependencies.buildPackages.length ? apt(dependencies.buildPackages) : '',
    toolCopies: dependencies.toolCopies.map(toolCopyText),
    // The tool lock alone, right before the tool step: only an edit of that file reruns it.
    toolLockCopy: dependencies.toolLock ? copyArguments([dependencies.toolLock.source, dependencies.toolLock.target]) : '',
    setupRuns: dependencies.setup.map(runText),
    builderPath: [`PATH="${dependencies.environment}/bin:$PATH"`, ...(dependencies.builderPathEnv.length ? [envText(dependencies.builderPathEnv)] : [])].join(' \\\n    '),
    dependencyCopies: dependencies.files.map((f) => copyArguments([f, f])),
    installRuns: dependencies.install.map(runText),
    projectDir: dependencies.projectDir,
    projectShell: dependencies.projectShell ? execForm(dependencies.projectShell) : '',
    projectRuns: dependencies.project.map(runText),
    activationWrapper: dependencies.activationWrapper ?? '',
    versionArg: dependencies.versionArg ? `${dependencies.versionArg.name}=${dockerfileValue(dependencies.versionArg.default)}` : '',
    // Double quotes keep a version with spaces one word; `${NAME}` is substituted from the ARG
    // (https://docs.docker.com/reference/dockerfile/#environment-replacement).
    versionEnv: dependencies.versionArg ? dependencies.versionArg.variables.map((v) => `${v}="\${${dependencies.versionArg!.name}}"`).join(' \\\n    ') : '',
    runtimePackagesRun: shell.runtimePackages.length ? apt(shell.runtimePackages) : '',
    // The user, its group-writable HOME and writable folders, and no setuid/setgid bit (src/emit/ownership.ts).
    createUser: userRun(plan),
    writableRun: writableRun(plan),
    // build.run steps run as the user before the copy; the copy, the steps that need the code
    // (build.after_copy: their output is part of the image, root's and read-only to the app like the
    // code) and the RUN that hands over project.writable run as root; the user comes back last.
    rootAfterBuildSteps: shell.buildSteps.length > 0 && (shell.afterCopySteps.length > 0 || writableRun(plan) !== ''),
    userLast: !(shell.buildSteps.length > 0 && shell.afterCopySteps.length === 0 && writableRun(plan) === ''),
    home: shell.home,
    env: finalize.env.map(([k, v]) => `${k}=${dockerfileValue(v)}`),
    entrypointCopy: copyArguments([entrypoint.sourcePath, entrypoint.scriptPath]),
    entrypointPath: entrypoint.scriptPath,
    buildArgs: shell.buildArgs.map(([k, v]) => `${k}=${dockerfileValue(v)}`),
    workdir: finalize.workdir,
    uid: shell.uid,
    gid: shell.gid,
    // build.run and build.after_copy steps start activated in a conda image: the wrapper runs the activate.d hooks first.
    buildSteps: shell.buildSteps.map(activated),
    afterCopySteps: shell.afterCopySteps.map(activated),
    collectstaticNote: collectstaticNote(shell.collectstaticEnv ?? []),
    projectCopies: finalize.copy.map((c) => copyArguments([c.source, c.target === '.' ? './' : `./${c.target}`])),
    expose: ports.container.join(' '),
    healthcheck: ports.healthcheck ? healthcheckInstruction(ports.healthcheck, dependencies.environment) : '',
    entrypoint: execForm(entrypoint.entrypoint),
    command: execForm(entrypoint.command),
  });
  return withHeader(body, plan.manifest);
}

/**
 * The comment above the collectstatic step when it sets throwaway variables (src/passes/django-static.ts):
 * which, that they are fake and build-only, and that the running container needs the real ones.
 */
function collectstaticNote(environment: readonly [string, string][]): string[] {
  if (environment.length === 0) return [];
  const names = environment.map(([k]) => k);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const one = names.length === 1;
  const text = `collectstatic imports your settings, which read ${list} from the environment with no default: its RUN sets ${one ? 'a throwaway value for it (build-only, not a secret). It is' : 'throwaway values for them (build-only, not secrets). They are'} not in the image's ENV: give the real ${one ? 'one' : 'ones'} when the container runs.`;
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const lastLine = lines.at(-1);
    if (lastLine !== undefined && lastLine.length + word.length + 1 <= 98) lines[lines.length - 1] = `${lastLine} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * One RUN per stage: update, install without recommends, drop the package lists (case C28; hadolint
 * DL3008/DL3009/DL3015). `apk --no-cache` keeps no index on Alpine.
 */
function packageInstall(family: 'debian' | 'alpine', packages: string[]): string {
  if (family === 'alpine') return `apk add --no-cache ${packages.join(' ')}`;
  return ['apt-get update', `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}`, 'rm -rf /var/lib/apt/lists/*'].join(' \\\n    && ');
}

/** HEALTHCHECK flags and the shared probe command (see healthcheckProbe). */
function healthcheckInstruction(check: NonNullable<ResolvedPlan['ports']['healthcheck']>, environment: string): string {
  const flags = `--interval=${check.interval} --timeout=${check.timeout} --start-period=${check.startPeriod} --retries=${check.retries}`;
  return `${flags} \\\n    CMD ${execForm(healthcheckProbe(check, environment))}`;
}

export { seconds } from '../plan/healthcheck-probe.js';

/**
 * The command in the header that builds this file as written: BuildKit on (Docker 20.10's default
 * builder rejects RUN --mount), `-f` when the Dockerfile is not `<context>/Dockerfile`.
 */
function buildCommand(plan: ResolvedPlan): string {
  const { context, outputs } = plan.finalize;
  const standard = context === '.' ? 'Dockerfile' : `${context}/Dockerfile`;
  const file = outputs.dockerfile === standard ? '' : `-f ${outputs.dockerfile} `;
  return `DOCKER_BUILDKIT=1 docker build ${file}-t ${plan.name} ${context}`;
}
