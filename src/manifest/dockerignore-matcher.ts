import * as dockerignoreModule from '@balena/dockerignore';

/**
 * Docker's .dockerignore matching (https://docs.docker.com/build/concepts/context/#dockerignore-files)
 * through @balena/dockerignore, which converts lines to regular expressions the way Docker's
 * moby/patternmatcher does. Throws when a line is not a pattern Docker can compile.
 */
export function dockerignoreMatcher(lines: readonly string[]): { ignores(path: string): boolean } {
  return factory()({ ignorecase: false }).add(lines.filter((l) => !l.startsWith('#')));
}

type IgnoreFactory = (options?: { ignorecase?: boolean }) => { add(patterns: string[]): { ignores(path: string): boolean } };

/** The package is CommonJS with a `default` property; Node's ESM loader wraps it once more. */
function factory(): IgnoreFactory {
  const m = dockerignoreModule as unknown as { default: IgnoreFactory | { default: IgnoreFactory } };
  return typeof m.default === 'function' ? m.default : m.default.default;
}
