/**
 * Quoting for every place a manifest value lands in generated text. Each helper returns a string that,
 * read back by its consumer, yields exactly the input (decided per field in the schema: values that
 * cannot round-trip, such as line breaks, are rejected there).
 */

/**
 * A Dockerfile ENV/ARG/LABEL value: double-quoted, with `\`, `"` and `$` escaped so BuildKit neither
 * ends the word nor substitutes variables (https://docs.docker.com/reference/dockerfile/#environment-replacement).
 */
export function dockerfileValue(value: string): string {
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** A Dockerfile exec-form array: JSON, which is how Docker parses it (https://docs.docker.com/reference/dockerfile/#exec-form). */
export function execForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** A POSIX shell word: single-quoted, a `'` written as `'\''`. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A Compose string that survives interpolation unchanged: `$` doubled (https://docs.docker.com/reference/compose-file/interpolation/). */
export function composeLiteral(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

/**
 * Arguments of a COPY instruction: plain when every path is a simple word, the JSON form otherwise
 * (required for paths with spaces: https://docs.docker.com/reference/dockerfile/#copy). `$` is escaped
 * because COPY substitutes variables in both forms.
 */
export function copyArguments(paths: readonly string[]): string {
  const escaped = paths.map((p) => p.replace(/\$/g, '\\$'));
  return escaped.every((p) => /^[^\s"'\\[]+$/.test(p)) ? escaped.join(' ') : execForm(escaped);
}
