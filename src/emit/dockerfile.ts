import type { ResolvedPlan } from '../plan/types.js';
import { envText, runText, secretNotes, toolCopyText } from './build-steps.js';
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
  const body = renderTemplate('Dockerfile', {
    name: plan.name,
    buildCommand: buildCommand(plan),
    buildNotes: secretNotes(dependencies),
    platformFlag: base.platform ? `--platform=${base.platform} ` : '',
    builderImage: base.builderImage,
    runtimeImage: base.runtimeImage,
    environment: dependencies.environment,
    builderUser: dependencies.builderUser ?? '',
    builderShell: dependencies.builderShell ? execForm(dependencies.builderShell) : '',
    builderEnv: envText(dependencies.builderEnv),
    builderPackagesRun: dependencies.buildPackages.length ? apt(dependencies.buildPackages) : '',
    toolCopies: dependencies.toolCopies.map(toolCopyText),
    setupRuns: dependencies.setup.map(runText),
    builderPath: [`PATH="${dependencies.environment}/bin:$PATH"`, ...(dependencies.builderPathEnv.length ? [envText(dependencies.builderPathEnv)] : [])].join(' \\\n    '),
    dependencyCopies: dependencies.files.map((f) => copyArguments([f, f])),
    installRuns: dependencies.install.map(runText),
    projectDir: dependencies.projectDir,
    projectRuns: dependencies.project.map(runText),
    runtimePackagesRun: shell.runtimePackages.length ? apt(shell.runtimePackages) : '',
    // The user, its group-writable HOME and writable folders, and no setuid/setgid bit (src/emit/ownership.ts).
    createUser: userRun(plan),
    writableRun: writableRun(plan),
    // Build steps run as the user; the copy and the RUN that hands over project.writable run as root.
    userLast: !(shell.buildSteps.length > 0 && writableRun(plan) === ''),
    env: finalize.env.map(([k, v]) => `${k}=${dockerfileValue(v)}`),
    entrypointCopy: copyArguments([entrypoint.sourcePath, entrypoint.scriptPath]),
    entrypointPath: entrypoint.scriptPath,
    buildArgs: shell.buildArgs.map(([k, v]) => `${k}=${dockerfileValue(v)}`),
    workdir: finalize.workdir,
    uid: shell.uid,
    gid: shell.gid,
    buildSteps: shell.buildSteps.map(shellForm),
    projectCopies: finalize.copy.map((c) => copyArguments([c.source, c.target === '.' ? './' : `./${c.target}`])),
    expose: ports.container.join(' '),
    healthcheck: ports.healthcheck ? healthcheckInstruction(ports.healthcheck, dependencies.environment) : '',
    entrypoint: execForm(entrypoint.entrypoint),
    command: execForm(entrypoint.command),
  });
  return withHeader(body, plan.manifest);
}

/**
 * One RUN per stage: update, install without recommends, drop the package lists (case C28; hadolint
 * DL3008/DL3009/DL3015). `apk --no-cache` keeps no index on Alpine.
 */
function packageInstall(family: 'debian' | 'alpine', packages: string[]): string {
  if (family === 'alpine') return `apk add --no-cache ${packages.join(' ')}`;
  return ['apt-get update', `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}`, 'rm -rf /var/lib/apt/lists/*'].join(' \\\n    && ');
}

/**
 * The probe is the image's own Python with http.client, because slim images have no curl (case C36).
 * One GET to 127.0.0.1:<port><path>, redirects not followed; exit 0 when the status is 2xx, 3xx or
 * (for a preset's path) 4xx, i.e. below `failFrom`; a refused connection or a timeout raises, so the
 * exit status is 1 (unhealthy: https://docs.docker.com/reference/dockerfile/#healthcheck).
 */
function healthcheckInstruction(check: NonNullable<ResolvedPlan['ports']['healthcheck']>, environment: string): string {
  const code =
    "import sys, http.client as h; c = h.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=float(sys.argv[3])); c.request('GET', sys.argv[2]); s = c.getresponse().status; sys.exit(0 if 200 <= s < int(sys.argv[4]) else 1)";
  const flags = `--interval=${check.interval} --timeout=${check.timeout} --start-period=${check.startPeriod} --retries=${check.retries}`;
  return `${flags} \\\n    CMD ${execForm([`${environment}/bin/python`, '-c', code, String(check.port), check.path, String(seconds(check.timeout)), String(check.failFrom)])}`;
}

/** A Docker duration (`500ms`, `5s`, `1m`, `1h`) in seconds. */
export function seconds(duration: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(duration);
  if (!match) return 5;
  const n = Number(match[1]);
  return match[2] === 'ms' ? n / 1000 : match[2] === 's' ? n : match[2] === 'm' ? n * 60 : n * 3600;
}

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
