import { readHeader } from '../emit/text.js';

/** Reads a project file by its POSIX path relative to the project folder; undefined when missing. */
type Read = (path: string) => string | undefined;

/**
 * The value a hand-written root Dockerfile's last `ENV` gives `name` (`ENV A=1 B=2`, and the legacy
 * `ENV A 1` form: https://docs.docker.com/reference/dockerfile/#env), with its 1-based line; undefined
 * when none does or the Dockerfile is pyenvc's. Quotes are removed; a value naming another variable
 * (`$X`) is left out, since init cannot know it.
 */
export function dockerfileEnvValue(read: Read, name: string): { value: string; line: number } | undefined {
  const text = read('Dockerfile');
  if (!text || readHeader(text)) return undefined;
  let found: { value: string; line: number } | undefined;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const m = /^\s*ENV\s+(.*)$/i.exec(raw);
    if (!m) continue;
    const body = m[1]!.trim();
    const legacy = new RegExp(`^${name}\\s+([^=\\s]\\S*)\\s*$`).exec(body);
    const pair = new RegExp(`(?:^|\\s)${name}=("[^"]*"|'[^']*'|\\S+)`).exec(body);
    const value = (legacy?.[1] ?? pair?.[1])?.replace(/^(["'])(.*)\1$/, '$2');
    if (value && !value.includes('$')) found = { value, line: i + 1 };
  }
  return found;
}
