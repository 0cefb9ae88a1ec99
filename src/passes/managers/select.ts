import { MANAGER_NAMES, type Manifest, type ManagerName } from '../../manifest/types.js';
import type { ReadProjectFile } from '../context.js';
import { parsePyproject } from '../../project/pyproject.js';

/** Detection order when `dependencies` names no manager (contract: manifest.md, "dependencies"). */
export const DETECTION_RULES: readonly { file: string; manager: ManagerName }[] = [
  { file: 'uv.lock', manager: 'uv' },
  { file: 'poetry.lock', manager: 'poetry' },
  { file: 'Pipfile.lock', manager: 'pipenv' },
  { file: 'environment.yml', manager: 'conda' },
  { file: 'environment.yaml', manager: 'conda' },
  { file: 'requirements.txt', manager: 'pip' },
];

/** The chosen manager, how it was chosen, and (for conda) the environment file it reads. */
export interface ManagerChoice {
  manager: ManagerName;
  chosenBy: 'manifest' | 'detection';
  /** The detection rule that matched (its file), when chosen by detection. */
  detectedFile?: string;
  /** Manifest-relative path of the conda environment file. */
  condaFile?: string;
  /** Detection found no lockfile or requirements file but a PEP 621 pyproject.toml or a setup.py: pip installs from it. */
  pyproject?: boolean;
}

/**
 * Chooses the dependency manager: the one key written under `dependencies` (two are rejected earlier,
 * PYENV203), otherwise the first detection rule whose file exists next to the manifest, otherwise pip
 * with no requirements. Pure, so the base pass (which needs to know whether the project is conda) and
 * the dependencies pass reach the same answer.
 */
export function selectManager(manifest: Manifest, readFile: ReadProjectFile): ManagerChoice {
  const written = MANAGER_NAMES.find((m) => manifest.dependencies[m] !== undefined);
  if (written) {
    return { manager: written, chosenBy: 'manifest', ...(written === 'conda' ? { condaFile: manifest.dependencies.conda!.file } : {}) };
  }
  const rule = DETECTION_RULES.find((r) => readFile(r.file) !== undefined);
  if (!rule) {
    // Last rule: a PEP 621 project (`[project]` table) or a setup.py/setup.cfg package, without a lock.
    const text = readFile('pyproject.toml');
    const facts = text === undefined ? undefined : parsePyproject(text);
    if (facts?.hasProject) return { manager: 'pip', chosenBy: 'detection', detectedFile: 'pyproject.toml', pyproject: true };
    if (readFile('setup.py') !== undefined || readFile('setup.cfg') !== undefined) return { manager: 'pip', chosenBy: 'detection', detectedFile: readFile('setup.py') !== undefined ? 'setup.py' : 'setup.cfg', pyproject: true };
    return { manager: 'pip', chosenBy: 'detection' };
  }
  return { manager: rule.manager, chosenBy: 'detection', detectedFile: rule.file, ...(rule.manager === 'conda' ? { condaFile: rule.file } : {}) };
}
