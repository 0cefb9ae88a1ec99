import { posix } from 'node:path';
import { locateAllInToml, type LocatedRequirement } from '../../project/locate-requirement.js';
import { parsePyproject, projectRequirements } from '../../project/pyproject.js';
import { parsePipfile } from '../../project/small-files.js';
import type { ManagerInput } from './types.js';

/**
 * The distributions a lockfile project declares directly, located in the file that declares them, for
 * the source-build table: uv's `[project] dependencies` (https://docs.astral.sh/uv/concepts/projects/dependencies/),
 * Poetry's `[tool.poetry.dependencies]` and, from Poetry 2, `[project] dependencies`
 * (https://python-poetry.org/docs/pyproject/#dependencies-and-dependency-groups), Pipenv's `[packages]`
 * (https://pipenv.pypa.io/en/latest/pipfile.html). The lockfile's transitive packages are not read.
 * Paths are manifest-relative (the files stand at the root of the build context). Never throws.
 */
export function declaredRequirements(input: ManagerInput, manager: 'uv' | 'poetry' | 'pipenv'): LocatedRequirement[] {
  const file = manager === 'pipenv' ? 'Pipfile' : 'pyproject.toml';
  const path = input.context === '.' ? file : posix.join(input.context, file);
  const text = input.ctx.readFile(path);
  if (text === undefined) return [];
  if (manager === 'pipenv') return locateAllInToml(path, text, parsePipfile(text)?.names ?? []);
  const facts = parsePyproject(text);
  if (!facts) return [];
  const names = [...projectRequirements(facts).map((r) => r.name), ...(manager === 'poetry' ? facts.poetryDependencies : [])];
  return locateAllInToml(path, text, [...new Set(names)]);
}
