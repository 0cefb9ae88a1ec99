import { posix } from 'node:path';
import type { ManagerName } from '../../manifest/types.js';
import type { ManagerInput } from './types.js';

/** The lockfile whose presence selects each manager by detection. */
const LOCK_FOR: Record<string, string> = { poetry: 'poetry.lock', uv: 'uv.lock', pipenv: 'Pipfile.lock' };

/** The command that writes each manager's lockfile, for hints. */
const LOCK_COMMANDS: Record<string, string> = {
  'poetry.lock': 'poetry lock',
  'uv.lock': 'uv lock',
  'Pipfile.lock': 'pipenv lock',
};

/**
 * Checks that the files a manager needs exist at the root of the build context (pyproject.toml with its
 * lockfile, or Pipfile with Pipfile.lock) and returns their build-context paths. A missing file is
 * PYENV304 at the manager's key: without the lockfile the image would not be reproducible, so pyenvc
 * refuses to guess versions.
 */
export function requireProjectFiles(input: ManagerInput, manager: ManagerName, names: readonly string[]): string[] {
  const { ctx, context } = input;
  const found: string[] = [];
  for (const name of names) {
    const path = context === '.' ? name : posix.join(context, name);
    if (ctx.readFile(path) === undefined) {
      const lock = LOCK_COMMANDS[name];
      ctx.report({
        code: 'PYENV304',
        message: input.detected ? `${manager} was chosen because ${LOCK_FOR[manager]} exists, and it also needs ${path}, which does not exist` : `dependencies.${manager} needs ${path}, which does not exist`,
        hint: lock ? `run \`${lock}\` in the project folder and commit ${name}; the image installs exactly what it pins` : `add ${name} to the project (${manager === 'pipenv' ? 'pipenv install' : `${manager} init`} creates one), or choose another manager`,
        path: input.detected ? [] : ['dependencies', manager],
        key: true,
      });
    } else found.push(input.inContext(path));
  }
  return found;
}
