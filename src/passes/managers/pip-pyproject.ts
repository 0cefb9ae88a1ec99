import { isUserSet } from '../context.js';
import type { BuildStep } from '../../plan/types.js';
import type { ManagerInput } from './types.js';
import { PIP_CACHE, withSecret } from './venv.js';

/** What the pip manager installs from pyproject.toml / setup.py when `dependencies.pip.pyproject` is on. */
export interface PyprojectInstall {
  /** The dependency layer: `[project] dependencies` (and the selected extras), before the code is copied. */
  install: BuildStep[];
  /** After the project is copied into the builder: the project itself (`--no-deps`, or with its deps when they are dynamic). */
  project: BuildStep[];
  /** Normalised names, for the hints. */
  names: string[];
}

/**
 * PEP 621 / PEP 517 projects without a lockfile (issue 11, item 1). The `[project] dependencies` list
 * (plus `dependencies.pip.extras`) is read at compile time and installed with pip in its own RUN
 * before any code is copied, so a code edit keeps that layer cached; the list is in the RUN text, so
 * editing it in pyproject.toml makes the Dockerfile stale (`pyenvc compile --check` says so). When the
 * project is a package (`[build-system]`, setup.py or setup.cfg) or its dependencies are `dynamic`,
 * it is installed after the copy with pip's build isolation, which fetches the build backend from the
 * index (https://pip.pypa.io/en/stable/reference/build-system/pyproject-toml/). Versions are not
 * pinned: a warning says how to lock them.
 */
export function resolvePyprojectInstall(input: ManagerInput, dir: string, pip: string[] = ['pip']): PyprojectInstall {
  const { ctx } = input;
  const facts = ctx.project.validPyproject();
  const setupPy = ctx.readFile('setup.py') !== undefined || ctx.readFile('setup.cfg') !== undefined;
  const at = isUserSet(ctx, 'dependencies.pip.pyproject') ? ['dependencies', 'pip', 'pyproject'] : ['dependencies'];
  if (!facts && !setupPy) {
    ctx.report({
      code: 'PYENV322',
      message: ctx.project.pyproject() === 'invalid' ? 'dependencies.pip.pyproject: pyproject.toml is not valid TOML' : 'dependencies.pip.pyproject: there is no pyproject.toml, setup.py or setup.cfg next to the manifest',
      hint: 'fix pyproject.toml, or list the dependencies in a requirements file (dependencies.pip.requirements)',
      path: at,
    });
    return { install: [], project: [], names: [] };
  }
  const extras = ctx.manifest.dependencies.pip?.extras ?? [];
  const dynamic = !facts?.hasProject || facts.dynamic.includes('dependencies');
  const requirements = dynamic ? [] : ctx.project.projectRequirements(extras);
  const texts = dynamic ? [] : [...facts!.dependencies, ...extras.flatMap((e) => Object.entries(facts!.optionalDependencies).find(([k]) => k.toLowerCase().replace(/[-_.]+/g, '-') === e.toLowerCase().replace(/[-_.]+/g, '-'))?.[1] ?? [])];
  const missing = dynamic ? [] : extras.filter((e) => !Object.keys(facts!.optionalDependencies).some((k) => k.toLowerCase().replace(/[-_.]+/g, '-') === e.toLowerCase().replace(/[-_.]+/g, '-')));
  missing.forEach((extra) =>
    ctx.report({ code: 'PYENV323', message: `dependencies.pip.extras: "${extra}" is not in [project.optional-dependencies] of pyproject.toml`, hint: `declared extras: ${Object.keys(facts!.optionalDependencies).join(', ') || 'none'}`, path: ['dependencies', 'pip', 'extras', extras.indexOf(extra)] }),
  );
  const isPackage = setupPy || (facts?.buildBackend !== undefined || (facts?.buildRequires.length ?? 0) > 0);
  ctx.report({
    code: 'PYENV324',
    severity: 'warning',
    message: dynamic
      ? `the dependencies of ${facts ? 'pyproject.toml are dynamic' : 'setup.py/setup.cfg are only known to the build backend'}: they are installed with the project after the code is copied, so every code edit reinstalls them, and their versions are not pinned`
      : 'pyproject.toml has no lockfile: [project] dependencies are installed unpinned, so two builds can get different versions',
    hint: 'lock them: `pip-compile pyproject.toml -o requirements.txt` (pip-tools) and use dependencies.pip.requirements, or `uv lock` and dependencies.uv',
    path: at,
  });
  const install = texts.length ? [withSecret({ mounts: [PIP_CACHE], commands: [{ argv: [...pip, 'install', ...texts] }] }, input.secret)] : [];
  const project = dynamic
    ? [withSecret({ mounts: [PIP_CACHE], commands: [{ argv: [...pip, 'install', dir] }] }, input.secret)]
    : isPackage && input.installProject
      ? [withSecret({ mounts: [PIP_CACHE], commands: [{ argv: [...pip, 'install', '--no-deps', dir] }] }, input.secret)]
      : [];
  return { install, project, names: requirements.map((r) => r.name) };
}
