import { TOOLS } from '../catalog/images.js';
import { DEFAULT_PYTHON, TOOL_PYTHON_FLOORS, type ToolPythonFloor } from '../catalog/python-images.js';
import type { ManagerName } from '../manifest/types.js';
import { choosePython, contradicted, releaseOf } from '../project/choose-python.js';
import type { PythonConstraint, PythonConstraintKind } from '../project/python-constraints.js';
import { compareReleases, parseRelease } from '../project/python-spec.js';
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
  let version = ctx.manifest.python.version;
  if (!written && !ctx.manifest.base.image) {
    const choice = choosePython(constraints);
    if (choice && 'version' in choice) {
      version = choice.version;
      ctx.origins['python.version'] = { kind: 'detection', rule: choice.because };
      ctx.report({ code: 'PYENV334', severity: 'note', message: `python.version: ${version}, ${choice.because}`, hint: `write \`python: { version: "${version}" }\` to make the choice explicit`, at: { file: '', line: 0, column: 0 } });
    } else if (choice) {
      ctx.report({ code: 'PYENV334', severity: 'warning', message: `python.version stays at the default ${DEFAULT_PYTHON}: ${choice.conflict}`, hint: 'make the project files agree on one Python, then write it as python.version', at: { file: '', line: 0, column: 0 } });
    }
  }
  if (written || !ctx.manifest.base.image) reportContradictions(ctx, manager, installsProject, version, written, constraints);
  checkToolFloor(ctx, manager, version, written);
  return version;
}

function reportContradictions(ctx: PassContext, manager: Exclude<ManagerName, 'conda'>, installsProject: boolean, version: string, written: boolean, constraints: readonly PythonConstraint[]): void {
  const stated = written ? `python.version "${version}"` : `python.version (default "${version}")`;
  for (const c of contradicted(version, constraints)) {
    const enforced = ENFORCED[manager].includes(c.kind) && (manager !== 'pip' || installsProject);
    const where = written ? { path: ['python', 'version'] as (string | number)[] } : { at: c.at };
    if (c.kind === 'lock-wheels') {
      const w = c.wheels!;
      ctx.report({ code: 'PYENV332', severity: 'warning', message: `${stated} has no wheels in ${c.at.file}: ${w.limitedBy.name} ${w.limitedBy.version} (${c.at.file}:${w.limitedBy.line}) ships compiled wheels for ${c.spec} only, so the build compiles it from source`, hint: `use python.version "${w.newest}" (or a line in ${c.spec}), or relock with newer packages`, ...where });
    } else if (enforced) {
      ctx.report({ code: 'PYENV331', message: `${stated} contradicts ${c.label} (${c.at.file}:${c.at.line}): ${TOOL_COMMANDS[manager]} refuses to build with it`, hint: hintFor(c, version), ...where });
      if (written) ctx.report({ code: 'PYENV331', severity: 'note', message: `${c.label} is here`, hint: `pyenv.yaml and ${c.at.file} must agree on the Python`, at: c.at });
    } else {
      ctx.report({ code: 'PYENV330', severity: 'warning', message: `${stated} contradicts ${c.label} (${c.at.file}:${c.at.line})`, hint: hintFor(c, version), ...where });
    }
  }
}

function hintFor(c: PythonConstraint, version: string): string {
  const fits = choosePython([c]);
  const suggestion = fits && 'version' in fits ? `python.version "${fits.version}"` : `a Python that ${c.at.file} allows`;
  if (c.exact) return `use python.version "${c.exact}" (its image carries that exact release), or relax ${c.at.file}`;
  return `use ${suggestion}, or change ${c.at.file} to allow ${version}`;
}

/**
 * PYENV333: the installed tool's own floor (TOOL_PYTHON_FLOORS); its build step would fail to install
 * or run the tool. The tool is pyenvc's pin, or for Poetry and Pipenv the version their tool lock pins.
 */
function checkToolFloor(ctx: PassContext, manager: Exclude<ManagerName, 'conda'>, version: string, written: boolean): void {
  if (manager === 'pip') return;
  const installed = manager === 'uv' ? { version: TOOLS.uvImage.split(':').pop()! } : installedToolVersion(ctx.manifest, ctx.readFile, manager);
  const pinned = installed.version;
  const floor = toolPythonFloor(manager, pinned);
  const release = releaseOf(version);
  if (!floor || !release || compareReleases(release, parseRelease(floor.minimum)!) >= 0) return;
  ctx.report({
    code: 'PYENV333',
    message: `${manager} ${pinned} (${installed.lockFile ? `the version ${installed.lockFile} pins` : 'the version pyenvc installs'}) needs Python ${floor.minimum} or newer, and python.version is "${version}"`,
    hint: `use python.version "${floor.minimum}" or newer (${floor.source})`,
    ...(written ? { path: ['python', 'version'] } : { path: [] }),
  });
}

/**
 * The TOOL_PYTHON_FLOORS row for a release of a tool: the last row whose `since` is at or below it
 * (numeric comparison, `2026.6.0` ≥ `2025.1.0`). Undefined for a release older than every row.
 */
export function toolPythonFloor(tool: keyof typeof TOOL_PYTHON_FLOORS, release: string): ToolPythonFloor | undefined {
  const pinned = parseRelease(release) ?? [];
  return [...TOOL_PYTHON_FLOORS[tool]].reverse().find((f) => compareReleases(pinned, parseRelease(f.since) ?? []) >= 0);
}
