import { VENV_PATH } from '../../catalog/images.js';
import { DUMB_INIT } from '../../catalog/init-processes.js';
import { normalizeRelative } from '../../manifest/paths.js';
import type { ManagerInput, ManagerOutput } from './types.js';
import { resolvePyprojectInstall } from './pip-pyproject.js';
import { isUserSet } from '../context.js';
import type { BuildStep } from '../../plan/types.js';
import { locateAllInToml } from '../../project/locate-requirement.js';
import { createLeanVenv, createVenv, environmentInit, PIP_BUILDER_ENV, PIP_CACHE, pipCommand, pipIndexDefault, venvRuntimeEnv, withSecret } from './venv.js';

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
  const lean = leanEnvironment(input);
  const pipArgv = pipCommand(lean);
  const pyproject = fromPyproject ? resolvePyprojectInstall(input, '/build/project', pipArgv) : undefined;
  const init = lean ? environmentInitChoice(input, [...tree.names, ...(pyproject?.names ?? [])], tree.hashes, requirementPaths[0]?.at) : 'none';
  // dumb-init goes into the requirements' own pip run when there is one and no constraint names it:
  // one pip start (about 0.6 s of a cold build) instead of two, and the wheel comes from the same
  // cache mount. Otherwise the venv's step installs it (createLeanVenv).
  const initWithRequirements = init === 'install' && requirementPaths.length > 0 && !tree.entries.some((e) => e.constraint && e.name === 'dumb-init');
  const install = requirementPaths.length
    ? [withSecret({ mounts: [PIP_CACHE], commands: [{ argv: [...pipArgv, 'install', ...args, ...(initWithRequirements ? [DUMB_INIT.requirement] : [])] }] }, input.secret)]
    : [];
  if (pyproject) install.push(...pyproject.install);
  return {
    files: tree.files.map(inContext),
    environment: VENV_PATH,
    builderEnv: PIP_BUILDER_ENV,
    toolCopies: [],
    // The index default comes first: the lean venv's step already installs dumb-init from it.
    setup: lean ? [...pipIndexDefault(input.indexUrl), createLeanVenv(input.secret, init === 'install' && !initWithRequirements)] : [createVenv(), ...pipIndexDefault(input.indexUrl)],
    builderPathEnv: venvRuntimeEnv(),
    install,
    projectDir: '/build/project',
    project: pyproject ? pyproject.project : input.installProject ? [projectInstall(input, '/build/project', pipArgv)] : [],
    runtimeEnv: venvRuntimeEnv(),
    activationHooks: false,
    ...(init !== 'none' ? { init: environmentInit() } : {}),
    names: [...new Set([...tree.names, ...(pyproject?.names ?? [])])].sort(),
    requirements: [
      ...tree.entries.filter((e) => !e.constraint).map((e) => ({ name: e.name, at: e.at })),
      ...locateAllInToml('pyproject.toml', pyproject?.names.length ? ctx.readFile('pyproject.toml') : undefined, pyproject?.names ?? []),
    ],
  };
}

/** Installs the project itself, non-editable and without dependencies (they are already locked in): the pip path, Pipenv and conda share it. */
export function projectInstall(input: ManagerInput, dir: string, pip: string[] = ['pip']): BuildStep {
  return withSecret({ mounts: [PIP_CACHE], commands: [{ argv: [...pip, 'install', '--no-deps', dir] }] }, input.secret);
}

/**
 * True when the pip manager makes the lean venv (createLeanVenv): on an official python image, whose
 * site-packages holds only pip (and setuptools and wheel up to 3.11). A distribution image's
 * site-packages holds whatever apt installed, which the environment must not see: it keeps a venv of
 * its own with ensurepip.
 */
function leanEnvironment(input: ManagerInput): boolean {
  return !input.base.distroPython;
}

/**
 * Whether dumb-init comes with the environment (issue 14): `install` it from the index in the venv's
 * step, take the one the requirements already declare (`declared`), or `none` (the shell pass then
 * installs tini with the system's package manager). Only with run.init on a Debian official image:
 * PyPI's dumb-init wheels are manylinux (glibc), so Alpine keeps its `tini` package. In hash-checking
 * mode every package pip installs must carry a hash (https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode);
 * pyenvc cannot know the hash of the wheel a given index serves, so an unhashed install of the
 * process that runs as PID 1 is not made: tini comes from Debian's signed packages instead, and a
 * note (PYENV236) says how to take dumb-init from the lock.
 */
function environmentInitChoice(input: ManagerInput, names: string[], hashes: boolean, at: (string | number)[] | undefined): 'install' | 'declared' | 'none' {
  const { ctx } = input;
  if (!ctx.manifest.run.init || input.base.family !== 'debian') return 'none';
  if (names.includes('dumb-init')) return 'declared';
  if (!hashes) return 'install';
  ctx.report({
    code: 'PYENV236',
    severity: 'note',
    message: 'run.init: the requirements are hash-checked, so dumb-init is not installed unchecked beside them; the runtime stage installs Debian\'s tini with apt instead (it needs a Debian mirror at build time)',
    hint: 'add dumb-init to the lock (`echo dumb-init >> requirements.in && pip-compile --generate-hashes`): pyenvc then uses that one as PID 1, and the runtime stage installs nothing with apt',
    ...(at ? { path: at } : { at: { file: '', line: 0, column: 0 } }),
  });
  return 'none';
}
