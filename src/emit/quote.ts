/**
 * Quoting for every place a manifest value lands in generated text. Each helper returns a string that,
 * read back by its consumer, yields exactly the input; values that cannot round-trip (line breaks in
 * an ENV value, wildcards in a copied path) are rejected by the schema, which says so per field.
 * The rules were checked against Docker 20.10's built-in BuildKit frontend and the Compose
 * Specification's interpolation rules.
 */
import { Document, parse, visit } from 'yaml';

/**
 * A Dockerfile ENV/ARG/LABEL value: double-quoted, with `\`, `"` and `$` escaped so BuildKit neither
 * ends the word nor substitutes variables (https://docs.docker.com/reference/dockerfile/#environment-replacement).
 * Every other character, backticks, `#`, tabs and unicode included, stands for itself inside the quotes.
 */
export function dockerfileValue(value: string): string {
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** A Dockerfile exec-form array: JSON, which is how Docker parses it (https://docs.docker.com/reference/dockerfile/#exec-form). */
export function execForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/**
 * A command for `/bin/sh -c`, as a RUN instruction's arguments. Written in exec form rather than
 * shell form, so the Dockerfile parser never sees the command itself: a trailing `\` cannot join the
 * next line, a leading `--mount=` is not a flag, a leading `[` is not JSON, and trailing spaces are
 * kept. The shell receives exactly the command, as `RUN <command>` would have passed it.
 */
export function shellForm(command: string): string {
  return execForm(['/bin/sh', '-c', command]);
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
 * A string Kubernetes leaves as written in fields it expands `$(VAR)` in (env values, command, args,
 * exec probes): `$` doubled, since `$$` is reduced to `$` (https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/).
 */
export function kubernetesLiteral(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

const EXPRESSION: unique symbol = Symbol('compose expression');

/** A Compose value that is meant to be interpolated (`${UID:-1000}`), as opposed to a literal. */
export interface ComposeExpression {
  readonly [EXPRESSION]: string;
}

/** Marks text that Compose should interpolate; everything else in a compose document is a literal. */
export function composeExpression(text: string): ComposeExpression {
  return { [EXPRESSION]: text };
}

/**
 * A compose document ready for `yaml.stringify`: every string value becomes a literal (`$` doubled),
 * except values marked with composeExpression. Compose interpolates every value in the file, so
 * escaping per field would be one forgotten field away from a path or value that changes meaning.
 */
export function composeDocument(value: unknown): unknown {
  if (typeof value === 'string') return composeLiteral(value);
  if (Array.isArray(value)) return value.map(composeDocument);
  if (value && typeof value === 'object') {
    if (EXPRESSION in value) return (value as ComposeExpression)[EXPRESSION];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, composeDocument(v)]));
  }
  return value;
}

/**
 * Serialises a compose document (see composeDocument) as YAML. A string, key or value, that YAML 1.2
 * (Compose v2) or YAML 1.1 (docker-compose v1 reads with PyYAML) would read as something else — `no`,
 * `on`, `1e3`, `null`, `010`, `.` — is double-quoted, so `restart: "no"` stays the string Compose
 * requires (https://docs.docker.com/reference/compose-file/services/#restart).
 */
export function composeYaml(value: unknown): string {
  return plainYaml(composeDocument(value));
}

/**
 * Serialises plain data as YAML with the same quoting as composeYaml (a string YAML 1.1 or 1.2 would
 * read as another type is double-quoted) but no `$` escaping: for files no interpolation reads
 * (Kubernetes manifests; their `$(VAR)` fields are escaped where they are built, see kubernetesLiteral).
 */
export function plainYaml(value: unknown): string {
  // A value used twice (one probe handler, the labels) is written twice, never as a YAML anchor and alias.
  const document = new Document(value, { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !readsAsString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString({ lineWidth: 0, singleQuote: false });
}

/** True when both YAML 1.2 and YAML 1.1 (the yaml library's own 1.1 schema: booleans, sexagesimals, octals, timestamps) read `text` back as that string. */
function readsAsString(text: string): boolean {
  let known = readsAsStringCache.get(text);
  if (known === undefined) {
    known = parsesBackAsString(text);
    if (readsAsStringCache.size > 10_000) readsAsStringCache.clear();
    readsAsStringCache.set(text, known);
  }
  return known;
}

/** Memo of readsAsString: a pure function of its text, asked again for the same labels, paths and probe words in every file. */
const readsAsStringCache = new Map<string, boolean>();

function parsesBackAsString(text: string): boolean {
  return (['1.2', '1.1'] as const).every((version) => {
    try {
      return parse(text, { version }) === text;
    } catch {
      return false;
    }
  });
}

/**
 * One word of a COPY instruction as BuildKit's word lexer reads it: the lexer runs on COPY arguments
 * in both the plain and the JSON form, substituting `$VAR` and removing quotes and backslashes, so
 * each of `\ $ ' "` is escaped with a backslash.
 */
function lexerLiteral(word: string): string {
  return word.replace(/[\\$'"]/g, (c) => `\\${c}`);
}

/**
 * A COPY source is also a wildcard pattern (Go's filepath.Match). Each special character is put in
 * a one-character class (`[*]`), which matches it literally; a backslash escape would not do, because
 * BuildKit looks a path without an unescaped wildcard up verbatim, backslash included.
 */
function globLiteral(path: string): string {
  return path.replace(/[*?[\\]/g, (c) => (c === '\\' ? '[\\\\]' : `[${c}]`));
}

/**
 * Arguments of a COPY instruction for exact paths (the last one is the destination): each source
 * matches exactly the file or folder named, and no word is read as a variable, a quote, a flag or a
 * wildcard. Plain words stay plain; anything else uses the JSON form, which keeps spaces
 * (https://docs.docker.com/reference/dockerfile/#copy).
 */
export function copyArguments(paths: readonly string[]): string {
  const escaped = paths.map((p, i) => lexerLiteral(i < paths.length - 1 ? globLiteral(p) : p));
  const plain = escaped.every((p, i) => p === paths[i] && /^[A-Za-z0-9_.\/@+=:,%~][A-Za-z0-9_.\/@+=:,%~-]*$/.test(p));
  return plain ? escaped.join(' ') : execForm(escaped);
}

/** Text inside a one-line comment: control characters (a line break would end the comment) shown as `\xNN`. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
