import { VENV_PATH } from '../../catalog/images.js';
import { normalizeRelative } from '../../manifest/paths.js';
import type { ManagerInput, ManagerOutput } from './types.js';
import { resolvePyprojectInstall } from './pip-pyproject.js';
import { isUserSet } from '../context.js';
import type { BuildStep } from '../../plan/types.js';
import { locateAllInToml } from '../../project/locate-requirement.js';
import { createVenv, PIP_BUILDER_ENV, PIP_CACHE, pipIndexDefault, venvRuntimeEnv, withSecret } from './venv.js';

/**
 * pip with requirement files into /opt/venv. Every `-r`/`-c` include is copied before the install, so
 * the step stays cached until a requirement file changes. When any line carries `--hash` (pip-tools
 * `--generate-hashes`), `--require-hashes` keeps hash checking on for every file, so an include
 * without hashes fails instead of silently installing unchecked
 * (https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode).
 */
export function resolvePip(input: ManagerInput): ManagerOutput {
  const { ctx, inContext } = input;
  const pip = ctx.manifest.dependencies.pip;
  const fromPyproject = pip?.pyproject === true || input.detectedPyproject === true;
  const requirementPaths = input.detected
    ? [{ path: 'requirements.txt', at: [] as (string | number)[] }].filter((r) => ctx.readFile(r.path) !== undefined)
    : fromPyproject && !isUserSet(ctx, 'dependencies.pip.requirements')
      ? []
      : (pip?.requirements ?? []).map((r, i) => ({ path: normalizeRelative(r) ?? r, at: ['dependencies', 'pip', 'requirements', i] as (string | number)[] }));
  const constraints = pip?.constraints ? normalizeRelative(pip.constraints) : undefined;
  const roots = [...requirementPaths];
  if (constraints) roots.push({ path: constraints, at: ['dependencies', 'pip', 'constraints'] });
  const tree = ctx.project.requirements(roots, ctx.report);
  const args = [
    ...(tree.hashes ? ['--require-hashes'] : []),
    ...requirementPaths.flatMap((r) => ['-r', inContext(r.path)]),
    ...(constraints ? ['-c', inContext(constraints)] : []),
  ];
  const install = requirementPaths.length ? [withSecret({ mounts: [PIP_CACHE], commands: [{ argv: ['pip', 'install', ...args] }] }, input.secret)] : [];
  const pyproject = fromPyproject ? resolvePyprojectInstall(input, '/build/project') : undefined;
  if (pyproject) install.push(...pyproject.install);
  return {
    files: tree.files.map(inContext),
    environment: VENV_PATH,
    builderEnv: PIP_BUILDER_ENV,
    toolCopies: [],
    setup: [createVenv(), ...pipIndexDefault(input.indexUrl)],
    builderPathEnv: venvRuntimeEnv(),
    install,
    projectDir: '/build/project',
    project: pyproject ? pyproject.project : input.installProject ? [projectInstall(input, '/build/project')] : [],
    runtimeEnv: venvRuntimeEnv(),
    activationHooks: false,
    names: [...new Set([...tree.names, ...(pyproject?.names ?? [])])].sort(),
    requirements: [
      ...tree.entries.filter((e) => !e.constraint).map((e) => ({ name: e.name, at: e.at })),
      ...locateAllInToml('pyproject.toml', pyproject?.names.length ? ctx.readFile('pyproject.toml') : undefined, pyproject?.names ?? []),
    ],
  };
}

/** Installs the project itself, non-editable and without dependencies (they are already locked in): the pip path, Pipenv and conda share it. */
export function projectInstall(input: ManagerInput, dir: string): BuildStep {
  return withSecret({ mounts: [PIP_CACHE], commands: [{ argv: ['pip', 'install', '--no-deps', dir] }] }, input.secret);
}
