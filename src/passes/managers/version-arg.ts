import { posix } from 'node:path';
import type { VersionArgPlan } from '../../plan/types.js';
import { readVcsVersionSource } from '../../project/version-source.js';
import type { PassContext } from '../context.js';

/** The builder's ARG that carries the project's version; `build.args` may give it a default. */
export const PROJECT_VERSION_ARG = 'PROJECT_VERSION';

/** The version used when neither `--build-arg`, `build.args` nor the project's fallback gives one: a PEP 440 version whose local label says it is unknown. */
export const PLACEHOLDER_VERSION = '0.0.0+unknown';

/**
 * Issue 12 item 7. When the builder builds the project (any manager with project steps) and the
 * project's version comes from VCS metadata (src/project/version-source.ts), the build would stop
 * with "unable to detect version": `.git` is not in the build context, and slim images have no git.
 * Returns the ARG the builder declares before copying the project (so a new version keeps the
 * dependency layers cached: an ARG only invalidates the steps after it,
 * https://docs.docker.com/build/building/variables/#impact-on-build-caching) and the variables it
 * feeds; undefined otherwise. Reports PYENV343 (note) with the `--build-arg` to pass.
 * `context` is the build context relative to the manifest's folder; pyproject.toml is read at its root.
 */
export function resolveVersionArg(ctx: PassContext, context: string): VersionArgPlan | undefined {
  const at = (name: string) => (context === '.' ? name : posix.join(context, name));
  const source = readVcsVersionSource(ctx.readFile(at('pyproject.toml')), ctx.readFile(at('setup.py')), at('pyproject.toml'), at('setup.py'));
  if (!source) return undefined;
  const fromArgs = ctx.manifest.build.args[PROJECT_VERSION_ARG];
  const [value, defaultFrom]: [string, VersionArgPlan['defaultFrom']] = fromArgs ? [fromArgs, 'build.args'] : source.fallback ? [source.fallback, 'fallback'] : [PLACEHOLDER_VERSION, 'placeholder'];
  ctx.report({
    code: 'PYENV343',
    severity: 'note',
    message: `${source.backend} takes the project's version from git, and .git is not in the build context: the builder sets ${source.variables.join(' and ')} from the build ARG ${PROJECT_VERSION_ARG} (default ${value})`,
    hint: `build with --build-arg ${PROJECT_VERSION_ARG}=$(git describe --tags --abbrev=0), or set build.args.${PROJECT_VERSION_ARG} in the manifest`,
    at: source.at,
  });
  return { name: PROJECT_VERSION_ARG, default: value, defaultFrom, backend: source.backend, variables: source.variables };
}
