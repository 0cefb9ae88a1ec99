import * as dockerignoreModule from '@balena/dockerignore';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';

/**
 * Reports every file the Dockerfile copies by name that the .dockerignore lines would exclude from
 * the build context (the build would then fail with "not found"). Uses Docker's own matching rules
 * via @balena/dockerignore (https://docs.docker.com/build/concepts/context/#dockerignore-files).
 * `copied` holds build-context-relative paths with the manifest path that named each.
 */
export function checkIgnoredCopies(lines: readonly string[], copied: readonly { path: string; at: (string | number)[]; what: string }[], report: (p: DiagnosticInput) => void): void {
  const matcher = dockerignore()({ ignorecase: false }).add(lines.filter((l) => !l.startsWith('#')));
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

type IgnoreFactory = (options?: { ignorecase?: boolean }) => { add(patterns: string[]): { ignores(path: string): boolean } };

/** The package is CommonJS with a `default` property; Node's ESM loader wraps it once more. */
function dockerignore(): IgnoreFactory {
  const m = dockerignoreModule as unknown as { default: IgnoreFactory | { default: IgnoreFactory } };
  return typeof m.default === 'function' ? m.default : m.default.default;
}
