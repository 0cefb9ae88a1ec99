import { SERVER_PROGRAMS, providedNames } from '../catalog/packages.js';
import { DEFAULT_PYTHON } from '../catalog/python-images.js';
import { serverPin } from '../catalog/servers.js';
import { parseRequirementSpec } from '../project/requirement-spec.js';
import type { DependenciesPlan, EntrypointPlan } from '../plan/types.js';
import { commandWords } from './command-words.js';
import { isUserSet, type PassContext } from './context.js';

/**
 * Checks that the server program the command starts is installed by a declared requirement (the
 * real-repository trial: a Django project without gunicorn in requirements.txt compiled, built, and
 * its container exited 127, `gunicorn: not found`). Only where the declared requirements are the
 * whole story — pip requirement files (with their -r includes) or `[project] dependencies`, and a
 * conda file's pip: entries — since a lockfile of uv, Poetry or Pipenv resolves its own tree. A
 * warning, PYENV415, naming the program, the package to add and the file to add it to: a warning and
 * not an error because a declared package may bring the server in as its own dependency, which only
 * the resolver sees.
 */
export function checkServerInstalled(ctx: PassContext, dependencies: DependenciesPlan, entrypoint: EntrypointPlan, pythonVersion?: string): void {
  const { manifest, project } = ctx;
  const program = serverOf(entrypoint.command);
  if (!program) return;
  let provided: string[];
  let file: string;
  const roots = manifest.dependencies.pip?.requirements ?? ['requirements.txt'];
  // Requirement files when the manifest names them or requirements.txt exists (even when the project
  // itself is installed too, project.install), else pyproject.toml's [project] dependencies.
  const fromFiles = !manifest.dependencies.pip?.pyproject && (manifest.dependencies.pip?.requirements !== undefined || project.has('requirements.txt'));
  if (dependencies.manager === 'pip' && fromFiles) {
    const problems: unknown[] = [];
    const tree = project.requirements(roots.map((path) => ({ path, at: [] })), (p) => problems.push(p));
    // A missing file or include is reported on its own; the list is not the whole story then.
    if (tree.files.length === 0 || problems.length > 0) return;
    provided = tree.entries.flatMap(providedNames);
    file = roots[0]!;
  } else if (dependencies.manager === 'pip') {
    const specs = project.projectRequirements(manifest.dependencies.pip?.extras ?? []);
    if (specs.length === 0 || project.validPyproject()?.dynamic.includes('dependencies')) return;
    provided = specs.flatMap(providedNames);
    file = 'pyproject.toml ([project] dependencies)';
  } else if (dependencies.manager === 'conda') {
    const env = manifest.dependencies.conda?.file ?? (project.has('environment.yaml') && !project.has('environment.yml') ? 'environment.yaml' : 'environment.yml');
    const parsed = project.condaEnvironment(env);
    if (!parsed?.environment || parsed.problems.length > 0 || parsed.pipIncludes.names.length === 0 && parsed.environment.pip.some((p) => /^-r|^--requirement/.test(p.text))) return;
    provided = project.condaNames(env);
    file = `${env} (dependencies, or its pip: list)`;
  } else {
    return;
  }
  // dependencies.pip.packages install beside the files (src/passes/managers/pip.ts).
  if (dependencies.manager === 'pip') provided.push(...(manifest.dependencies.pip?.packages ?? []).map(parseRequirementSpec).filter((s) => s !== undefined).flatMap(providedNames));
  const packages = SERVER_PROGRAMS[program]!;
  if (packages.some((p) => provided.includes(p))) return;
  // A pip manifest can take the pinned server from pyenvc's table without editing the project's files.
  const pinned = program === 'jupyter lab' ? 'jupyterlab' : program;
  const pin = dependencies.manager === 'pip' && (pinned === 'gunicorn' || pinned === 'uvicorn' || pinned === 'jupyterlab') ? serverPin(pinned, pythonVersion ?? DEFAULT_PYTHON) : undefined;
  ctx.report({
    code: 'PYENV415',
    severity: 'warning',
    message: `the command starts ${program}, and no requirement installs it (${packages.join(' or ')}): unless another requirement pulls it in, the container stops at start with "${program.split(' ')[0]}: not found" (exit 127)`,
    hint: `add ${packages[0]} to ${file}${pin ? `, or write dependencies.pip.packages: ["${pin}"]` : ''}`,
    path: isUserSet(ctx, 'run.command') ? ['run', 'command'] : manifest.preset ? ['preset'] : [],
  });
}

/** The server program of an exec-form command (or of the simple command a `/bin/sh -c "exec ..."` runs). */
function serverOf(command: readonly string[]): string | undefined {
  const { words } = commandWords(command);
  const program = (words[0] ?? '').replace(/^.*\//, '');
  if (program === 'jupyter' && words[1]) return SERVER_PROGRAMS[`jupyter ${words[1]}`] ? `jupyter ${words[1]}` : undefined;
  return SERVER_PROGRAMS[program] ? program : undefined;
}
