import { VENV_PATH } from '../../catalog/images.js';
import { DUMB_INIT } from '../../catalog/init-processes.js';
import { normalizeRelative } from '../../manifest/paths.js';
import type { ManagerInput, ManagerOutput } from './types.js';
import { resolvePyprojectInstall } from './pip-pyproject.js';
import { isUserSet } from '../context.js';
import type { BuildStep } from '../../plan/types.js';
import { parseRequirementSpec } from '../../project/requirement-spec.js';
import type { RequirementTree } from '../../project/requirements.js';
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
  const packages = checkPackages(input, tree, pyproject?.names ?? []);
  const init = lean ? environmentInitChoice(input, [...tree.names, ...(pyproject?.names ?? []), ...packages.names], tree.hashes, requirementPaths[0]?.at) : 'none';
  // dumb-init goes into the requirements' own pip run when there is one and no constraint names it:
  // one pip start (about 0.6 s of a cold build) instead of two, and the wheel comes from the same
  // cache mount. Otherwise the venv's step installs it (createLeanVenv).
  const initWithRequirements = init === 'install' && requirementPaths.length > 0 && !tree.entries.some((e) => e.constraint && e.name === 'dumb-init');
  // dependencies.pip.packages join the first pip run that installs the project's own dependencies
  // (so -c constraints apply to them and pip resolves them together), or get a run of their own.
  const install = requirementPaths.length
    ? [withSecret({ mounts: [PIP_CACHE], commands: [{ argv: [...pipArgv, 'install', ...args, ...packages.specs, ...(initWithRequirements ? [DUMB_INIT.requirement] : [])] }] }, input.secret)]
    : [];
  if (pyproject) install.push(...(requirementPaths.length ? pyproject.install : withPackages(pyproject.install, packages.specs)));
  if (install.length === 0 && packages.specs.length) install.push(withSecret({ mounts: [PIP_CACHE], commands: [{ argv: [...pipArgv, 'install', ...packages.specs] }] }, input.secret));
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
    names: [...new Set([...tree.names, ...(pyproject?.names ?? []), ...packages.names])].sort(),
    requirements: [
      ...tree.entries.filter((e) => !e.constraint).map((e) => ({ name: e.name, at: e.at })),
      ...packages.names.map((name) => ({ name })),
      ...locateAllInToml('pyproject.toml', pyproject?.names.length ? ctx.readFile('pyproject.toml') : undefined, pyproject?.names ?? []),
    ],
  };
}

/** The pyproject dependency run with the packages appended; unchanged when there are none. */
function withPackages(steps: BuildStep[], specs: string[]): BuildStep[] {
  if (specs.length === 0 || steps.length === 0) return steps;
  const [first, ...rest] = steps;
  const [command, ...others] = first!.commands;
  return [{ ...first!, commands: [{ ...command!, argv: [...(command as { argv: string[] }).argv, ...specs] }, ...others] }, ...rest];
}

/**
 * dependencies.pip.packages (the third trial, F6): requirements pyenvc installs beside the project's
 * own. Hash-checking mode needs a hash for every package pip installs
 * (https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode), which a bare
 * `gunicorn==26.1.0` does not carry: an error, PYENV265, since the build would stop with "Hashes are
 * required in --require-hashes mode". A package the requirement files (or pyproject.toml) already
 * name is a warning, PYENV266: pip installs both specifiers together and stops when they disagree
 * ("Cannot install ... because these package versions have conflicting dependencies").
 */
function checkPackages(input: ManagerInput, tree: RequirementTree, pyprojectNames: readonly string[]): { specs: string[]; names: string[] } {
  const { ctx } = input;
  const written = ctx.manifest.dependencies.pip?.packages ?? [];
  if (written.length === 0) return { specs: [], names: [] };
  if (tree.hashes) {
    ctx.report({
      code: 'PYENV265',
      message: 'dependencies.pip.packages cannot be installed beside hash-checked requirement files: pip\'s hash-checking mode needs a --hash for every package, and these have none',
      hint: `add ${written.map((p) => parseRequirementSpec(p)?.name ?? p).join(', ')} to the input of your lock (requirements.in) and run \`pip-compile --generate-hashes\` again, then remove dependencies.pip.packages`,
      path: ['dependencies', 'pip', 'packages'],
    });
    return { specs: [], names: [] };
  }
  const names: string[] = [];
  written.forEach((text, i) => {
    const spec = parseRequirementSpec(text);
    if (!spec) return;
    names.push(spec.name);
    const entry = tree.entries.find((e) => !e.constraint && e.name === spec.name);
    const where = entry ? `${entry.at.file}:${entry.at.line}` : pyprojectNames.includes(spec.name) ? 'pyproject.toml ([project] dependencies)' : undefined;
    if (!where) return;
    ctx.report({
      code: 'PYENV266',
      severity: 'warning',
      message: `dependencies.pip.packages: ${spec.name} is already required by ${where}; pip installs both requirements together and stops the build when their versions disagree`,
      hint: `remove "${text}" from dependencies.pip.packages, or the line from ${where.replace(/:\d+$/, '')}`,
      path: ['dependencies', 'pip', 'packages', i],
    });
  });
  return { specs: [...written], names };
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
