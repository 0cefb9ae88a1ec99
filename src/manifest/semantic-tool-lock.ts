import { posix } from 'node:path';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { Manifest } from './types.js';

/** The files each lockable tool reads for the project itself: never a tool lock. */
const PROJECT_FILES = { poetry: ['pyproject.toml', 'poetry.lock'], pipenv: ['Pipfile', 'Pipfile.lock'] } as const;

/**
 * PYENV237: `dependencies.<tool>.tool_lock` names a project file of a dependency manager
 * (pyproject.toml, poetry.lock, Pipfile, Pipfile.lock, uv.lock). A tool lock is a pip requirements
 * file that pins the tool itself with hashes (src/passes/managers/tool-lock.ts); `pip install
 * --require-hashes -r poetry.lock` would stop the build on the first TOML line, so the likely mix-up
 * ("tool_lock: poetry.lock") is named as such instead of as a list of unhashed lines.
 */
export function checkToolLockField(manifest: Manifest, report: (p: DiagnosticInput) => void): void {
  for (const tool of ['poetry', 'pipenv'] as const) {
    const value = manifest.dependencies[tool]?.tool_lock;
    if (value === undefined) continue;
    const name = posix.basename(value.replace(/\\/g, '/'));
    const projectFiles: readonly string[] = PROJECT_FILES[tool];
    if (![...PROJECT_FILES.poetry, ...PROJECT_FILES.pipenv, 'uv.lock'].includes(name)) continue;
    report({
      code: 'PYENV237',
      message: `dependencies.${tool}.tool_lock names ${value}, ${projectFiles.includes(name) ? `a file ${tool} reads for the project` : 'a dependency manager\'s project file'}; tool_lock is a pip requirements file that pins ${tool} itself and its own dependencies with hashes`,
      hint: `keep the project's files where they are (pyenvc copies them), and write ${tool}'s own lock to a file of its own: \`echo '${tool}==<version>' > ${tool}.in && pip-compile --generate-hashes --allow-unsafe -o tools/${tool}.txt ${tool}.in\`, then tool_lock: tools/${tool}.txt`,
      path: ['dependencies', tool, 'tool_lock'],
    });
  }
}
