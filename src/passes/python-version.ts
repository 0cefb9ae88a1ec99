import { TOOLS } from '../catalog/images.js';
import { DEFAULT_PYTHON } from '../catalog/python-images.js';
import type { ManagerName } from '../manifest/types.js';
import { choosePython, contradicted, meetsFloor, pythonFloorOf, toolPythonFloor, type PythonFloor } from '../project/choose-python.js';
import type { PythonConstraint, PythonConstraintKind } from '../project/python-constraints.js';
import { isUserSet, type PassContext } from './context.js';
import { installedToolVersion } from './managers/tool-lock.js';

/**
 * The constraint kinds each manager's own tool enforces at build time, so a contradiction stops the
 * build there and is a compile error here:
 * - uv: the project's `requires-python` against the interpreter (with downloads off, no other is found):
 *   astral-sh/uv `crates/uv/src/commands/project/mod.rs` RequestedPythonProjectIncompatibility.
 * - Poetry: the project's python constraint against the active venv's Python: python-poetry/poetry
 *   `src/poetry/utils/env/env_manager.py` create_venv raises InvalidCurrentPythonVersionError.
 * - Pipenv: Pipfile `[requires]` with `--deploy`: pypa/pipenv `pipenv/utils/project.py` ensure_project
 *   raises DeployException.
 * - pip, when it installs the project: its Requires-Python (https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-ignore-requires-python).
 * `.python-version` and `runtime.txt` are overridden by the image's interpreter (UV_PYTHON for uv), and
 * missing wheels make source builds, so those stay warnings.
 */
const ENFORCED: Record<Exclude<ManagerName, 'conda'>, readonly PythonConstraintKind[]> = {
  uv: ['requires-python'],
  poetry: ['requires-python', 'poetry-python'],
  pipenv: ['pipfile'],
  pip: ['requires-python'],
};

const TOOL_COMMANDS: Record<string, string> = { uv: 'uv sync', poetry: 'poetry install (InvalidCurrentPythonVersionError)', pipenv: 'pipenv install --deploy', pip: 'pip install of the project ("requires a different Python")' };

/**
 * python.version for a project installed into a venv (every manager but conda, whose environment file
 * decides: resolveCondaPython). Written in the manifest, it is checked against every constraint the
 * project states (PYENV330 warning; PYENV331 error where the manager's tool refuses; PYENV332 for a lock
 * without wheels for it). Not written (and no base.image), it is chosen from those constraints
 * (choosePython, origin "detected", PYENV334 note), else DEFAULT_PYTHON. Either way a Python below the
 * pinned tool's floor is PYENV333. Returns the version the image uses.
 */
export function resolvePythonVersion(ctx: PassContext, manager: Exclude<ManagerName, 'conda'>, installsProject: boolean): string {
  const written = isUserSet(ctx, 'python.version');
  const constraints = ctx.project.pythonConstraints();
  const tool = installedTool(ctx, manager);
  const floor = tool ? pythonFloorOf(manager as 'poetry' | 'pipenv' | 'uv', tool.version) : undefined;
  let version = ctx.manifest.python.version;
  if (!written && !ctx.manifest.base.image) {
    const choice = choosePython(constraints, floor ? { floor } : {});
    if (choice && 'version' in choice) {
      version = choice.version;
      ctx.origins['python.version'] = { kind: 'detection', rule: choice.because };
      ctx.report({ code: 'PYENV334', severity: 'note', message: `python.version: ${version}, ${choice.because}`, hint: `write \`python: { version: "${version}" }\` to make the choice explicit`, at: { file: '', line: 0, column: 0 } });
    } else if (choice) {
      ctx.report({ code: 'PYENV334', severity: 'warning', message: `python.version stays at the default ${DEFAULT_PYTHON}: ${choice.conflict}`, hint: 'make the project files agree on one Python, then write it as python.version', at: { file: '', line: 0, column: 0 } });
    }
  }
  if (written || !ctx.manifest.base.image) reportContradictions(ctx, manager, installsProject, version, written, constraints, floor);
  if (tool) checkToolFloor(ctx, manager, tool, version, written);
  return version;
}

/** The version of the manager's tool the image installs (pyenvc's pin, or its tool lock's); none for pip. */
function installedTool(ctx: PassContext, manager: Exclude<ManagerName, 'conda'>): { version: string; lockFile?: string } | undefined {
  if (manager === 'pip') return undefined;
  return manager === 'uv' ? { version: TOOLS.uvImage.split(':').pop()! } : installedToolVersion(ctx.manifest, ctx.readFile, manager);
}

function reportContradictions(ctx: PassContext, manager: Exclude<ManagerName, 'conda'>, installsProject: boolean, version: string, written: boolean, constraints: readonly PythonConstraint[], floor: PythonFloor | undefined): void {
  const stated = written ? `python.version "${version}"` : `python.version (default "${version}")`;
  for (const c of contradicted(version, constraints)) {
    const enforced = ENFORCED[manager].includes(c.kind) && (manager !== 'pip' || installsProject);
    const where = written ? { path: ['python', 'version'] as (string | number)[] } : { at: c.at };
    if (c.kind === 'lock-wheels') {
      const w = c.wheels!;
      ctx.report({ code: 'PYENV332', severity: 'warning', message: `${stated} has no wheels in ${c.at.file}: ${w.limitedBy.name} ${w.limitedBy.version} (${c.at.file}:${w.limitedBy.line}) ships compiled wheels for ${c.spec} only, so the build compiles it from source`, hint: wheelHint(c, constraints, floor), ...where });
    } else if (enforced) {
      ctx.report({ code: 'PYENV331', message: `${stated} contradicts ${c.label} (${c.at.file}:${c.at.line}): ${TOOL_COMMANDS[manager]} refuses to build with it`, hint: hintFor(c, version, constraints, floor), ...where });
      if (written) ctx.report({ code: 'PYENV331', severity: 'note', message: `${c.label} is here`, hint: `pyenv.yaml and ${c.at.file} must agree on the Python`, at: c.at });
    } else {
      ctx.report({ code: 'PYENV330', severity: 'warning', message: `${stated} contradicts ${c.label} (${c.at.file}:${c.at.line})`, hint: hintFor(c, version, constraints, floor), ...where });
    }
  }
}

/** PYENV332's fix: a python.version with wheels that also satisfies every other constraint and the floor, else a relock. */
function wheelHint(c: PythonConstraint, constraints: readonly PythonConstraint[], floor: PythonFloor | undefined): string {
  const fits = choosePython(constraints, floor ? { floor } : {});
  return fits && 'version' in fits ? `use python.version "${fits.version}" (a line in ${c.spec}), or relock with newer packages` : `relock with newer packages (${fits && 'conflict' in fits ? fits.conflict : `no line in ${c.spec} fits`})`;
}

/**
 * The fix for one contradiction. The python.version it suggests satisfies every constraint and the
 * tool's floor (choosePython over all of them), so following the hint never leads to another error
 * (trial 3, F4: a hint named the version PYENV333 refused); when no such version exists, only the
 * project file is to change. A Pipfile change needs a new Pipfile.lock: its `_meta` hash covers
 * `[requires]`, and `pipenv install --deploy` refuses a stale lock.
 */
function hintFor(c: PythonConstraint, version: string, constraints: readonly PythonConstraint[], floor: PythonFloor | undefined): string {
  const change = `change ${c.at.file} to allow ${version}${c.kind === 'pipfile' ? ', then run `pipenv lock`' : ''}`;
  const fits = choosePython(constraints, floor ? { floor } : {});
  if (!fits || !('version' in fits) || fits.version === version) return change;
  return `use python.version "${fits.version}"${fits.version === c.exact ? ' (its image carries that exact release)' : ''}, or ${change}`;
}

/**
 * PYENV333: the installed tool's own floor (TOOL_PYTHON_FLOORS); its build step would fail to install
 * or run the tool. The tool is pyenvc's pin, or for Poetry and Pipenv the version their tool lock pins.
 */
function checkToolFloor(ctx: PassContext, manager: Exclude<ManagerName, 'conda'>, installed: { version: string; lockFile?: string }, version: string, written: boolean): void {
  const pinned = installed.version;
  const floor = toolPythonFloor(manager as 'poetry' | 'pipenv' | 'uv', pinned);
  if (!floor || meetsFloor(version, { minimum: floor.minimum, label: '' })) return;
  ctx.report({
    code: 'PYENV333',
    message: `${manager} ${pinned} (${installed.lockFile ? `the version ${installed.lockFile} pins` : 'the version pyenvc installs'}) needs Python ${floor.minimum} or newer, and python.version is "${version}"`,
    hint: `use python.version "${floor.minimum}" or newer (${floor.source})`,
    ...(written ? { path: ['python', 'version'] } : { path: [] }),
  });
}

export { toolPythonFloor };
