import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import { dockerignoreMatcher } from '../manifest/dockerignore-matcher.js';

/**
 * Reports every file the Dockerfile copies by name that the .dockerignore lines would exclude from
 * the build context (the build would then fail with "not found"). Uses Docker's own matching rules
 * via @balena/dockerignore (https://docs.docker.com/build/concepts/context/#dockerignore-files).
 * `copied` holds build-context-relative paths with the manifest path that named each.
 */
export function checkIgnoredCopies(lines: readonly string[], copied: readonly { path: string; at: (string | number)[]; what: string }[], report: (p: DiagnosticInput) => void): void {
  const matcher = dockerignoreMatcher(lines);
  for (const item of copied) {
    const path = item.path.replace(/\/+$/, '');
    if (path === '.' || path === '') continue;
    if (matcher.ignores(path)) {
      report({
        code: 'PYENV502',
        message: `${item.what} "${item.path}" is excluded by .dockerignore, so the build cannot copy it`,
        hint: 'remove the matching line from project.ignore, or add a "!path" exception line after it',
        path: item.at,
      });
    }
  }
}
