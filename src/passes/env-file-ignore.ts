import { dockerignoreMatcher } from '../manifest/dockerignore-matcher.js';
import { normalizeRelative, relativeToContext } from '../manifest/paths.js';
import type { Manifest } from '../manifest/types.js';
import type { PassContext } from './context.js';

/** Characters a .dockerignore line matches literally, in Docker's matcher and in the one compile checks with (as compose.file allows). */
const LITERAL = /^[A-Za-z0-9._@/-]+$/;

/**
 * compose.env_file as the build context sees it (trial 3, F7: the README promises it never enters the
 * image): `path`, relative to the context, when it lies inside it; `line`, the same path when it can be
 * written as a .dockerignore line that matches only itself. A name with other characters (`*`, `[`,
 * `(`, a trailing space, which Docker trims) cannot: checkEnvFileExcluded then tells whether another
 * line covers it.
 */
export function envFileInContext(manifest: Manifest, context: string): { path?: string; line?: string } {
  const written = manifest.compose.env_file;
  if (written === undefined) return {};
  const path = relativeToContext(normalizeRelative(written) ?? written, context);
  return path === undefined ? {} : { path, ...(LITERAL.test(path) ? { line: path } : {}) };
}

/** PYENV270: an env file inside the context that no .dockerignore line excludes, so `COPY . ./` would put it in the image. */
export function checkEnvFileExcluded(ctx: PassContext, envFile: { path?: string; line?: string }, ignore: readonly string[]): void {
  if (envFile.path === undefined || envFile.line !== undefined || dockerignoreMatcher(ignore).ignores(envFile.path)) return;
  ctx.report({
    code: 'PYENV270',
    severity: 'warning',
    message: `compose.env_file "${envFile.path}" is in the build context and no .dockerignore line excludes it, so \`COPY . ./\` puts it in the image: its name has characters a .dockerignore line cannot match literally`,
    hint: 'rename it to .env (or a name of letters, digits and . _ @ - /), or add a project.ignore line that covers it',
    path: ['compose', 'env_file'],
  });
}
