import { posix } from 'node:path';
import { compareText } from '../diagnostics/diagnostic.js';
import { normalizeRelative, relativeToContext } from '../manifest/paths.js';
import type { DependenciesPlan, EntrypointPlan, FinalizePlan, PortsPlan, ShellPlan } from '../plan/types.js';
import { isUserSet, type PassContext } from './context.js';
import { checkIgnoredCopies } from './check-ignored.js';
import { checkSecretReincludes } from './check-secret-reincludes.js';
import { composeHardening } from './compose-hardening.js';
import { dockerignoreLines } from './dockerignore-lines.js';
import { checkEnvFileExcluded, envFileInContext } from './env-file-ignore.js';
import { importedIgnores, importedSection, warnTrackedIgnored } from './imported-ignores.js';
import { instanceFolderIgnores, noteLocalState } from './local-state.js';
import { srcLayoutPath } from './src-layout.js';
import { packagingOutputIgnores } from './packaging-output.js';
import { writableFolders } from './writable-folders.js';

/**
 * Resolves the runtime environment of the final stage, what is copied into the image, the
 * .dockerignore lines and the compose service. pyenvc's own variables come first, then the ones that
 * name the environment (VIRTUAL_ENV, or CONDA_PREFIX and the environment file's `variables:`), and a
 * manifest `env` value of the same name replaces them. With compose.gpu the image asks the NVIDIA
 * container runtime for the compute and utility (nvidia-smi) capabilities, and the compose service —
 * not the image — sets NVIDIA_VISIBLE_DEVICES=all
 * (https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/docker-specialized.html):
 * baked into the image, it would give any container or pod that runs it without requesting a GPU
 * every GPU of the node (NVIDIA/k8s-device-plugin#61).
 */
export function resolveFinalize(ctx: PassContext, dependencies: DependenciesPlan, shell: ShellPlan, ports: PortsPlan, entrypoint: EntrypointPlan): FinalizePlan {
  const dependencyFiles = dependencies.files;
  const { manifest } = ctx;
  const context = normalizeRelative(manifest.project.context) ?? '.';
  const workdir = manifest.preset === 'jupyter' && !isUserSet(ctx, 'project.workdir') ? manifest.jupyter.root_dir : manifest.project.workdir;
  const env = new Map<string, string>([
    ['HOME', shell.home],
    ['LANG', 'C.UTF-8'],
    // getpass.getuser() reads LOGNAME, USER, LNAME and USERNAME before the passwd database
    // (https://docs.python.org/3/library/getpass.html#getpass.getuser), so a host uid that compose runs
    // the container as (match_host_user), which has no passwd entry, still gets a name: torch,
    // matplotlib and others name their cache folders with it (issue 13, item 9).
    ['LOGNAME', manifest.user.name],
    // Writable cache and config locations for any uid (C37): XDG users, matplotlib, Jupyter.
    ['MPLCONFIGDIR', `${shell.home}/.config/matplotlib`],
    ['PYTHONDONTWRITEBYTECODE', '1'],
    ['PYTHONUNBUFFERED', '1'],
    ['USER', manifest.user.name],
    ...dependencies.runtimeEnv,
    ['XDG_CACHE_HOME', `${shell.home}/.cache`],
    ['XDG_CONFIG_HOME', `${shell.home}/.config`],
  ]);
  if (entrypoint.jupyter) {
    env.set('JUPYTER_CONFIG_DIR', `${shell.home}/.jupyter`);
    env.set('JUPYTER_DATA_DIR', `${shell.home}/.local/share/jupyter`);
    env.set('JUPYTER_RUNTIME_DIR', `${shell.home}/.local/share/jupyter/runtime`);
  }
  if (manifest.compose.gpu) {
    env.set('NVIDIA_DRIVER_CAPABILITIES', 'compute,utility');
  }
  for (const [key, value] of Object.entries(manifest.env)) env.set(key, value);
  const copy = (manifest.project.copy ?? ['.']).map((c) => {
    const source = contextPath(typeof c === 'string' ? c : c.from, context);
    return { source, target: typeof c === 'string' ? source : c.to };
  });
  const composeFile = normalizeRelative(manifest.compose.file) ?? 'compose.yaml';
  const envFile = envFileInContext(manifest, context);
  const toolLock = dependencies.toolLock ? [dependencies.toolLock.source] : [];
  // The paths the Dockerfile copies by name (build-context relative), with the manifest path behind each.
  const needed = [
    ...dependencyFiles.map((f) => ({ path: f, at: ['dependencies'], what: 'dependency file' })),
    ...toolLock.map((f) => ({ path: f, at: ['dependencies', dependencies.toolLock!.tool, 'tool_lock'], what: 'the tool lock file' })),
    { path: entrypoint.sourcePath, at: ['output', 'entrypoint'], what: 'the entrypoint script' },
    ...copy.map((c, i) => ({ path: c.source, at: ['project', 'copy', i], what: 'copied path' })),
  ];
  const neededPaths = needed.map((n) => n.path);
  const packagingOutput = packagingOutputIgnores(ctx.project, context, neededPaths);
  const outputs = {
    dockerfile: normalizeRelative(manifest.output.dockerfile) ?? 'Dockerfile',
    dockerignore: normalizeRelative(manifest.output.dockerignore) ?? '.dockerignore',
    entrypoint: normalizeRelative(manifest.output.entrypoint) ?? 'docker-entrypoint.sh',
    compose: composeFile,
  };
  const imported = importedIgnores(ctx, context, outputs.dockerignore, needed);
  const instance = instanceFolderIgnores(ctx, context, neededPaths);
  const sortedEnv = [...env.entries()].sort(([a], [b]) => compareText(a, b));
  const writable = writableFolders(manifest, sortedEnv, shell.home, workdir, entrypoint.jupyter);
  const volumes = composeVolumes(ctx, workdir);
  const hostUser = manifest.compose.match_host_user;
  const ids = hostUser ? { uid: `\${UID:-${shell.uid}}`, gid: `\${GID:-${shell.gid}}`, hostUser } : { uid: String(shell.uid), gid: String(shell.gid), hostUser };
  const user = hostUser ? `${ids.uid}:${ids.gid}` : undefined;
  const plan: FinalizePlan = {
    context,
    workdir,
    env: sortedEnv,
    copy,
    ignore: dockerignoreLines({
      imported,
      dockerfile: outputs.dockerfile,
      packagingOutput,
      instance,
      composeFile: relativeToContext(composeFile, context),
      ownFiles: [posix.basename(ctx.loaded.file.replace(/\\/g, '/')), outputs.dockerfile, outputs.dockerignore]
        .map((f) => relativeToContext(f, context))
        .filter((f): f is string => f !== undefined && f !== '.' && !neededPaths.includes(f)),
      kubernetesDir: kubernetesDir(manifest.kubernetes?.dir, context),
      stackFile: stackFile(manifest.swarm?.file, context),
      projectIgnore: manifest.project.ignore,
      envFile: envFile.line,
    }),
    ...(imported.length ? { imported } : {}),
    writable,
    compose: {
      file: composeFile,
      service: manifest.name,
      ports: ports.container.map((p) => `${hostAddress(ports.publish)}:${p}:${p}`),
      volumes,
      gpu: manifest.compose.gpu,
      restart: manifest.preset === 'script' && ports.container.length === 0 ? 'no' : 'on-failure:5',
      environment: composeEnvironment(entrypoint, manifest.compose.gpu),
      secrets: composeSecrets(entrypoint),
      ...composeHardening(manifest, writable, volumes.map((v) => v.target), ids),
    },
    outputs,
  };
  addSrcLayoutPath(ctx, plan, entrypoint, dependencies);
  checkDockerignoreLocation(ctx, plan);
  checkSecretReincludes(manifest.project.ignore, ctx.report, envFile.line);
  checkEnvFileExcluded(ctx, envFile, plan.ignore);
  checkIgnoredCopies(plan.ignore, needed, ctx.report);
  noteLocalState(ctx, context, plan.ignore, imported, instance);
  warnTrackedIgnored(ctx, context, imported, plan.ignore.slice(importedSection(imported, outputs.dockerfile).length), plan.ignore);
  if (manifest.compose.env_file) plan.compose.envFile = normalizeRelative(manifest.compose.env_file) ?? manifest.compose.env_file;
  if (user) plan.compose.user = user;
  return plan;
}

/**
 * PYTHONPATH=<workdir>/src when the run target lives in a src layout that nothing else makes
 * importable (rule and sources: src-layout.ts). It is a detection, so `explain` shows its origin and
 * a note (PYENV339) says what was added and how to turn it off; it applies to every manager.
 */
function addSrcLayoutPath(ctx: PassContext, plan: FinalizePlan, entrypoint: EntrypointPlan, dependencies: DependenciesPlan): void {
  const installed = dependencies.installProject;
  const found = srcLayoutPath(ctx, entrypoint.command, plan, installed, dependencies.projectRoot);
  if (!found) return;
  plan.env = [...plan.env, ['PYTHONPATH', found.value] as [string, string]].sort(([a], [b]) => compareText(a, b));
  const layout = found.value.endsWith('/src') ? 'a src layout' : 'a workspace member';
  const why = `${found.module} is ${found.file}, ${layout}${installed ? ' bind-mounted over the installed copy' : ' not installed'}`;
  ctx.origins['env.PYTHONPATH'] = { kind: 'detection', rule: why };
  ctx.report({
    code: 'PYENV339',
    severity: 'note',
    message: `env: PYTHONPATH=${found.value} added because ${why}; ${installed ? `it puts the code compose mounts at ${found.value} before the installed copy, which would otherwise shadow it` : `without it Python would not find ${found.module.split('.')[0]} (ModuleNotFoundError)`}`,
    hint: installed ? 'set env.PYTHONPATH yourself to choose another path' : 'set env.PYTHONPATH yourself to choose another path, or install the project (project.install: true, with a pyproject.toml)',
    path: ['run'],
    key: true,
  });
}

/** The Kubernetes folder relative to the build context, when it lies inside it. */
function kubernetesDir(dir: string | undefined, context: string): string | undefined {
  const normal = dir === undefined ? undefined : normalizeRelative(dir);
  return normal === undefined ? undefined : relativeToContext(normal, context);
}

/** The Swarm stack file relative to the build context, when it lies inside it. */
function stackFile(file: string | undefined, context: string): string | undefined {
  const normal = file === undefined ? undefined : normalizeRelative(file);
  return normal === undefined ? undefined : relativeToContext(normal, context);
}

function contextPath(path: string, context: string): string {
  const normal = normalizeRelative(path) ?? path;
  return relativeToContext(normal, context) ?? normal;
}

/** IPv6 literals are bracketed in a compose port mapping (https://docs.docker.com/reference/compose-file/services/#ports). */
function hostAddress(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/** The jupyter preset mounts the project folder at the server's root when no volume is written (C08). */
function composeVolumes(ctx: PassContext, workdir: string): FinalizePlan['compose']['volumes'] {
  const { manifest } = ctx;
  const written = manifest.compose.volumes;
  const list = written.length === 0 && manifest.preset === 'jupyter' && !isUserSet(ctx, 'compose.volumes') ? [`.:${workdir}`] : written;
  return list.map((v) => {
    const [source, target, mode] = v.split(':') as [string, string, string | undefined];
    const normal = normalizeRelative(source) ?? source;
    const flags = (mode ?? '').split(',');
    const selinux = flags.find((f): f is 'z' | 'Z' => f === 'z' || f === 'Z');
    return { source: normal === '.' ? '.' : `./${normal.replace(/\/+$/, '')}`, target, readOnly: flags.includes('ro'), ...(selinux ? { selinux } : {}) };
  });
}

/**
 * The GPU selection (compose.gpu) and Jupyter's credentials, which come from a compose secret file, never from `environment:` (C05; issue 13 item
 * 15): a value there is part of the container's configuration, shown by `docker inspect` and inherited
 * by every process. The entrypoint reads the file named by JUPYTER_<TOKEN|PASSWORD>_FILE
 * (https://docs.docker.com/compose/how-tos/use-secrets/); JUPYTER_TOKEN / JUPYTER_PASSWORD in the
 * environment stay the documented fallback for `docker run -e`.
 */
function composeEnvironment(entrypoint: EntrypointPlan, gpu: boolean): [string, string][] {
  const secret = composeSecrets(entrypoint)[0];
  const environment: [string, string][] = secret ? [[`JUPYTER_${secret.name === 'jupyter_token' ? 'TOKEN' : 'PASSWORD'}_FILE`, secret.target]] : [];
  // The GPUs the service reserves (count: all) are the ones it sees; the image itself exposes none.
  if (gpu) environment.push(['NVIDIA_VISIBLE_DEVICES', 'all']);
  return environment.sort(([a], [b]) => compareText(a, b));
}

/** The secret file of the Jupyter auth mode: secrets/jupyter_token (may be empty: Jupyter then generates a token) or secrets/jupyter_password. */
function composeSecrets(entrypoint: EntrypointPlan): FinalizePlan['compose']['secrets'] {
  const auth = entrypoint.jupyter?.auth;
  if (auth !== 'token' && auth !== 'password') return [];
  const name = `jupyter_${auth}`;
  return [{ name, file: `./secrets/${name}`, target: `/run/secrets/${name}` }];
}

/**
 * Docker reads .dockerignore only at the root of the build context, or next to the Dockerfile as
 * `<Dockerfile>.dockerignore` (https://docs.docker.com/build/concepts/context/#dockerignore-files);
 * anywhere else it is silently ignored and .env, secrets and virtualenvs reach the build.
 */
function checkDockerignoreLocation(ctx: PassContext, plan: FinalizePlan): void {
  const { context, outputs } = plan;
  const root = context === '.' ? '.dockerignore' : `${context}/.dockerignore`;
  if (outputs.dockerignore === root || outputs.dockerignore === `${outputs.dockerfile}.dockerignore`) return;
  ctx.report({
    code: 'PYENV505',
    severity: 'warning',
    message: `output.dockerignore "${outputs.dockerignore}" is not where Docker looks for it, so nothing would be excluded from the build`,
    hint: `write it at ${root} (the build context's root) or as ${outputs.dockerfile}.dockerignore`,
    path: ['output', 'dockerignore'],
  });
}
