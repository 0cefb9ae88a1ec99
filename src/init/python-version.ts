import { TOOLS } from '../catalog/images.js';
import { DEFAULT_PYTHON } from '../catalog/python-images.js';
import type { ManagerName } from '../manifest/types.js';
import { choosePython, pythonFloorOf, type PythonFloor } from '../project/choose-python.js';
import type { PythonConstraint } from '../project/python-constraints.js';
import { parsePythonSpec } from '../project/python-spec.js';
import type { ProjectFacts } from '../project/read-project.js';

/**
 * Chooses `python.version` from one version spec (a test helper and the rule in small): an exact pin
 * (`3.11`, `==3.11.4`) is kept as written; a range (`>=3.10,<3.13`, Poetry's `^3.10`/`~3.11`, `~=3.10`)
 * gives the default when it allows it, else its published line nearest to the default (see
 * choosePython). Undefined when nothing fits.
 */
export function choosePythonVersion(spec: string): string | undefined {
  const exact = /^\s*(?:==\s*)?(3\.\d{1,2}(?:\.\d{1,3})?)(?:\.\*)?\s*$/.exec(spec);
  if (exact) return exact[1];
  const test = parsePythonSpec(spec);
  if (!test) return undefined;
  const choice = choosePython([{ kind: 'requires-python', label: `"${spec}"`, spec, at: { file: '', line: 1, column: 1 }, test }]);
  return choice && 'version' in choice ? choice.version : undefined;
}

/** The floor of the tool pyenvc installs for a manager (init writes no tool lock, so pyenvc's pin). */
export function managerFloor(manager: ManagerName | undefined): PythonFloor | undefined {
  if (manager === 'poetry' || manager === 'pipenv') return pythonFloorOf(manager, TOOLS[manager]);
  if (manager === 'uv') return pythonFloorOf('uv', TOOLS.uvImage.split(':').pop()!);
  return undefined;
}

/**
 * What `init` writes as python.version, and why: for a conda project the environment file's python
 * pin alone (conda installs that Python, and compile requires python.version to agree with it);
 * otherwise choosePython over every constraint the project states (`.python-version`, `runtime.txt`,
 * `requires-python`, Poetry's python, Pipfile, the lockfile's compiled wheels, and `extra` ones such
 * as a uv workspace member's requires-python), above the manager tool's floor, with the hand-written
 * Dockerfile's FROM line as a hint only (trial 3, F4). No version when the project says nothing (the
 * manifest then gets the default) or its constraints contradict each other (a note says which);
 * `omit` when the conda file's pin is one python.version cannot name (the manifest then has none).
 */
export function detectPython(project: ProjectFacts, condaFile: string | undefined, manager?: ManagerName, extra: readonly PythonConstraint[] = []): { version?: string; because?: string; omit?: boolean } {
  const all = [...project.pythonConstraints(condaFile), ...extra];
  const conda = all.filter((c) => c.kind === 'conda');
  const constraints: PythonConstraint[] = conda.length ? conda : all;
  const hint = conda.length ? undefined : project.dockerfilePython();
  const floor = managerFloor(manager);
  const choice = choosePython(constraints, { ...(floor ? { floor } : {}), ...(hint ? { hint } : {}) });
  // A conda pin that no python.version can name (python=3.5: trial 3, jakevdp/PythonDataScienceHandbook):
  // conda installs that Python itself, and a written default would contradict it (PYENV311).
  if (conda.length && (!choice || 'conflict' in choice)) return { omit: true, because: `python.version is left out: ${conda.map((c) => c.label).join(', ')} decides the Python conda installs, and no python.version pyenvc accepts names it` };
  if (!choice) return {};
  if ('conflict' in choice) return { because: `python.version left at the default ${DEFAULT_PYTHON}: ${choice.conflict}; make them agree` };
  return { version: choice.version, because: choice.because };
}
