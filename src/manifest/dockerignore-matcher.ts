import * as dockerignoreModule from '@balena/dockerignore';
import { posix } from 'node:path';

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

/**
 * Whether one .dockerignore pattern (without its `!`) matches `path` itself, not through one of its
 * parent folders: Docker's conversion of a pattern to a regular expression (moby/patternmatcher;
 * the same as @balena/dockerignore's `_compile`): `**` any number of folders, `*` and `?` within one
 * name, `\` escaping the next character, everything else literal but for `[...]`.
 */
export function matchesItself(pattern: string, path: string): boolean {
  const clean = posix.normalize(pattern).replace(/(?<=.)\/$/, '').replace(/^\/(?=.)/, '');
  let source = '^';
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i]!;
    if (ch === '*' && clean[i + 1] === '*') {
      i++;
      if (clean[i + 1] === '/') i++;
      source += clean[i + 1] === undefined ? '.*' : '(.*/)?';
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '.' || ch === '$') source += `\\${ch}`;
    else if (ch === '\\') source += clean[i + 1] === undefined ? '\\\\' : `\\${clean[++i]}`;
    else source += ch;
  }
  return new RegExp(`${source}$`).test(path);
}
