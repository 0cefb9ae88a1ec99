import { posix } from 'node:path';
import { ACTIVATION_WRAPPER, CONDA_PACKAGE_CACHE, CONDA_PREFIX, DEFAULT_SECRETS, LICENSED_CONDA_CHANNELS } from '../../catalog/images.js';
import type { BuildStep, RunMount } from '../../plan/types.js';
import { collectRequirements } from '../../project/requirements.js';
import { parseRequirementSpec } from '../../project/requirement-spec.js';
import { specName, type CondaEnvironment } from '../../project/conda-environment.js';
import { writeActivationWrapper } from './conda-activation.js';
import { findCondaLock } from './conda-lock.js';
import { projectInstall } from './pip.js';
import type { ManagerInput, ManagerOutput } from './types.js';
import { pipIndexDefault, withSecret } from './venv.js';

/**
 * conda with micromamba (https://mamba.readthedocs.io/en/latest/user_guide/micromamba.html): the
 * pinned micromamba image creates the environment into a fixed prefix (`--prefix`, so the file's
 * `name:` cannot mismatch: C01) from the environment file, or from its conda-lock lockfile without
 * solving; the package cache is a BuildKit cache mount, never part of a layer, so it is not cleaned
 * (`micromamba clean --all` would only empty the cache that the next build reuses). The builder runs plain /bin/sh as root, so no activation script runs even there. The
 * runtime stage gets the prefix at the same path with its bin first on PATH and CONDA_PREFIX set, and
 * the activation wrapper (conda-activation.ts) sources the environment's activate.d hooks (C02) in
 * front of the entrypoint, the build.run steps and the project.install step: nothing calls `conda activate`,
 * `conda run` or `micromamba run`. Channel credentials come from a .condarc secret.
 */
export function resolveConda(input: ManagerInput, file: string): ManagerOutput {
  const { ctx, inContext } = input;
  const at = input.detected ? [] : ['dependencies', 'conda', 'file'];
  const text = ctx.readFile(file);
  const empty = { environment: CONDA_PREFIX, builderEnv: [], toolCopies: [], setup: [], builderPathEnv: [], install: [], projectDir: '/build/project', project: [], runtimeEnv: [['CONDA_PREFIX', CONDA_PREFIX]] as [string, string][], activationHooks: true, names: [], requirements: [], files: [] };
  if (text === undefined) {
    ctx.report({ code: 'PYENV304', message: `environment file "${file}" does not exist`, hint: 'create it (`micromamba env export --from-history > environment.yml`), or point dependencies.conda.file at the right file', path: at });
    return empty;
  }
  const parsed = ctx.project.condaEnvironment(file)!;
  parsed.problems.forEach(ctx.report);
  const environment = parsed.environment;
  if (!environment) return empty;
  checkChannels(input, file, environment);
  const lock = findCondaLock(file, input.base.platform, ctx.readFile);
  if (lock?.kind === 'explicit' && environment.pip.length > 0) {
    ctx.report({ code: 'PYENV319', severity: 'warning', message: `${lock.path} is an explicit lockfile, which holds conda packages only: the pip: packages of ${file} are not installed`, hint: 'lock with `conda-lock -f environment.yml` (the unified conda-lock.yml keeps the pip packages), or move them to conda packages', at: environment.pip[0]!.at });
  }
  const hasPip = environment.dependencies.some((d) => specName(d.text) === 'pip');
  if (input.installProject && !hasPip) {
    ctx.report({ code: 'PYENV320', message: `project.install needs pip in the conda environment, and ${file} does not list it`, hint: 'add `- pip` to the dependencies of the environment file', path: ['project', 'install'] });
  }
  const pipFiles = pipIncludes(input, file, environment);
  const names = [...environment.dependencies.map((d) => specName(d.text)), ...environment.pip.map((p) => p.text.split(/[\s=<>!~[;@]/)[0]!.toLowerCase())];
  if (ctx.manifest.preset === 'jupyter' && !isUserSetCommand(input) && !names.some((n) => JUPYTER_PACKAGES.includes(n))) {
    const wanted = ctx.manifest.jupyter.interface === 'lab' ? 'jupyterlab' : 'notebook';
    ctx.report({ code: 'PYENV321', severity: 'warning', message: `the jupyter preset starts \`jupyter ${ctx.manifest.jupyter.interface}\` from the environment, and ${file} installs no Jupyter`, hint: `add \`- ${wanted}\` to the dependencies of ${file}`, at: environment.dependencies[0]?.at ?? { file, line: 1, column: 1 } });
  }
  const { manifest } = ctx;
  if (manifest.compose.gpu && !manifest.compose.gpu_cuda) {
    ctx.report({ code: 'PYENV318', severity: 'warning', message: 'compose.gpu is on, but a build machine without a GPU solves the conda environment for CPU-only packages', hint: 'set compose.gpu_cuda to the CUDA version of your GPUs (for example "12.4"); it becomes CONDA_OVERRIDE_CUDA while solving', path: ['compose', 'gpu'] });
  }
  const mounts: RunMount[] = [{ type: 'cache', target: CONDA_PACKAGE_CACHE }];
  // pip packages of the environment read pip's configuration, so their index credentials are a pip.conf secret.
  if (environment.pip.length > 0 || input.installProject) mounts.push({ type: 'secret', id: DEFAULT_SECRETS.pip, target: '/etc/pip.conf' });
  const source = inContext(lock?.path ?? file);
  const create: BuildStep = withSecret({
    mounts,
    commands: [
      { argv: ['micromamba', 'create', '--yes', '--prefix', CONDA_PREFIX, '--file', source], ...(manifest.compose.gpu_cuda ? { env: [['CONDA_OVERRIDE_CUDA', manifest.compose.gpu_cuda] as [string, string]] } : {}) },
      { shell: NO_PYTHON_CHECK },
    ],
  }, input.secret);
  const runtimeEnv = new Map<string, string>(environment.variables.filter(([k]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && k !== 'PATH'));
  runtimeEnv.set('CONDA_PREFIX', CONDA_PREFIX);
  return {
    ...empty,
    files: [...new Set([source, ...pipFiles.map(inContext)])].sort(),
    ...(lock ? { lockfile: inContext(lock.path) } : {}),
    builderUser: 'root',
    builderShell: ['/bin/sh', '-c'],
    builderEnv: [['PIP_DISABLE_PIP_VERSION_CHECK', '1'], ['PIP_NO_INPUT', '1']],
    setup: [writeActivationWrapper(), ...pipIndexDefault(input.indexUrl)],
    activationWrapper: ACTIVATION_WRAPPER,
    install: [create],
    project: input.installProject ? [projectInstall(input, '/build/project')] : [],
    ...(input.installProject ? { projectShell: [ACTIVATION_WRAPPER, '/bin/sh', '-c'] } : {}),
    runtimeEnv: [...runtimeEnv.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    names: environment.pip.map((p) => p.text.split(/[\s=<>!~[;@]/)[0]!.toLowerCase()).filter((n) => /^[a-z0-9]/.test(n)).sort(),
    // Only the pip: entries (and what they include): conda packages bring their own libraries.
    requirements: [
      ...environment.pip.flatMap((p) => {
        const spec = p.text.startsWith('-') ? undefined : parseRequirementSpec(p.text);
        return spec ? [{ name: spec.name, at: p.at }] : [];
      }),
      ...parsed.pipIncludes.entries.filter((e) => !e.constraint).map((e) => ({ name: e.name, at: e.at })),
    ],
  };
}

/**
 * Stops the build when the created environment has no python: micromamba only warns when a
 * conda-lock.yml holds no packages for the build platform and then creates an empty environment
 * (issue 12 item 9), and an environment file may simply not list python. The image would otherwise
 * build and fail at its first command. Fixed text: no manifest value goes into this shell.
 */
const NO_PYTHON_CHECK = `if [ ! -x ${CONDA_PREFIX}/bin/python ]; then echo "pyenvc: the conda environment has no python: add python to the environment file, or lock it for this platform (conda-lock -p linux-64 -p linux-aarch64)" >&2; exit 1; fi`;

/** Packages that provide the `jupyter lab` / `jupyter notebook` commands. */
const JUPYTER_PACKAGES = ['jupyterlab', 'notebook', 'jupyter', 'nbclassic', 'jupyterlab-base'];

function isUserSetCommand(input: ManagerInput): boolean {
  return input.ctx.origins['run.command']?.kind === 'manifest';
}

/** Channels: none means micromamba has nowhere to look; Anaconda's channels need a licence for many organisations. */
function checkChannels(input: ManagerInput, file: string, environment: CondaEnvironment): void {
  const { ctx } = input;
  if (environment.channels.length === 0) {
    ctx.report({ code: 'PYENV314', severity: 'warning', message: `${file} lists no channels, and micromamba has no default channel`, hint: 'add `channels: [conda-forge]` to the environment file', at: { file, line: 1, column: 1 } });
  }
  for (const channel of environment.channels) {
    const name = channel.text.replace(/\/+$/, '');
    if (LICENSED_CONDA_CHANNELS.includes(name) || /^https?:\/\/repo\.anaconda\.(com|cloud)\//.test(name)) {
      ctx.report({
        code: 'PYENV313',
        severity: 'warning',
        message: `channel "${channel.text}" is Anaconda's repository: its terms of service require a paid licence for many organisations (for example, more than 200 employees)`,
        hint: 'if that applies to you, replace it with conda-forge (and add `nodefaults`), or add your licensed mirror to the .condarc secret',
        at: channel.at,
      });
    }
  }
}

/**
 * The pip sub-list is written to a requirements file next to the environment file, so `-r`/`-c`
 * includes there are relative to it and must be in the builder too; a local path (`-e .`) needs the
 * project source, which is not there yet (PYENV309).
 */
function pipIncludes(input: ManagerInput, file: string, environment: CondaEnvironment): string[] {
  const { ctx } = input;
  const dir = posix.dirname(file);
  const files: string[] = [];
  for (const entry of environment.pip) {
    const include = /^(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)$/.exec(entry.text);
    if (include) {
      const target = posix.normalize(posix.join(dir, include[1]!));
      if (target.startsWith('../') || posix.isAbsolute(include[1]!)) {
        ctx.report({ code: 'PYENV201', message: `"${include[1]}" is outside the build context`, hint: 'keep included requirement files inside the project', at: entry.at });
        continue;
      }
      const tree = collectRequirements([{ path: target, at: [] }], ctx.readFile, (p) => ctx.report(p.code === 'PYENV301' ? { ...p, code: 'PYENV302', message: `"${target}", included from ${file}, does not exist`, hint: 'fix the -r/-c line, or add the file to the project', path: undefined, at: entry.at } : p));
      files.push(...tree.files);
    } else if (/^(?:-e|--editable)\s|^(?:\.{1,2}(?:\/|$)|\/|file:)/.test(entry.text)) {
      ctx.report({ code: 'PYENV309', message: `"${entry.text}" installs from a local path, which is not in the builder when the environment is created`, hint: 'remove the line and set project.install: true to install the project itself after the environment', at: entry.at });
    }
  }
  return files;
}
