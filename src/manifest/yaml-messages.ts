import type { DiagnosticInput } from '../diagnostics/diagnostic.js';

type At = { file: string; line: number; column: number };

/** The yaml package's wording of the mistakes people make most, said the way a manifest author thinks. */
const KNOWN: { match: RegExp; message: (m: RegExpExecArray) => string; hint: (m: RegExpExecArray) => string }[] = [
  {
    match: /^Missing closing (["'])quote/,
    message: () => 'a quoted value is not closed',
    hint: (m) => `add the closing ${m[1]} at the end of the value; a quoted value stays on one line in pyenv.yaml`,
  },
  {
    match: /^Implicit keys need to be on a single line/,
    message: () => 'a key has no colon, so YAML reads the following lines as part of it',
    hint: () => 'write the key with a colon (`env:`) and indent its values under it',
  },
  {
    match: /^Implicit map keys need to be followed by map values/,
    message: () => 'this line is not `key: value`: the colon after the key is missing',
    hint: () => 'write the key, a colon and a space, then the value, for example `name: my-app`',
  },
  {
    match: /^Nested mappings are not allowed in compact mappings/,
    message: () => 'a value contains ": ", which YAML reads as the start of another key',
    hint: () => 'quote the whole value (TZ: "UTC: x"), or check the indentation of the line after it',
  },
  {
    match: /^All mapping items must start at the same column/,
    message: () => 'this key is not indented like the keys before it',
    hint: () => 'indent every key of one mapping by the same number of spaces (usually 2 per level)',
  },
  {
    match: /^Flow (sequence|map) in block collection must be sufficiently indented and end with a ([\]}])/,
    message: (m) => `a ${m[1] === 'map' ? '{ mapping' : '[ list'} is not closed with ${m[2]}`,
    hint: (m) => `close it with ${m[2]} at the end of the line, or indent its continuation lines further than the key`,
  },
  {
    match: /^Plain value cannot start with reserved character (.)/,
    message: (m) => `a value cannot start with ${m[1]} unless it is quoted`,
    hint: () => 'put the value in double quotes',
  },
  {
    match: /^Unexpected \S+ token in YAML stream: "(.*)"/,
    message: (m) => `unexpected "${m[1]}"`,
    hint: () => 'remove it, or check the brackets and quotes before it',
  },
];

/**
 * A YAML syntax problem (codes 001/002) in words a Python user knows; anything unrecognised keeps the
 * parser's own first line. `source` and the parser's offset place an unclosed quote or bracket at its opening.
 */
export function yamlSyntaxProblem(code: string, message: string, offset: number, source: string, at: (offset: number) => At): DiagnosticInput {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'TAB_AS_INDENT' || /tab/i.test(first)) return { code: 'PYENV002', message: 'a tab character is used for indentation', hint: 'indent with spaces; YAML does not allow tabs', at: at(offset) };
  for (const known of KNOWN) {
    const m = known.match.exec(first);
    if (!m) continue;
    // An unclosed quote or bracket is reported where the parser gave up; point at where it opened.
    const opener = /^Missing closing (["'])/.exec(first)?.[1] ?? (/^Flow (sequence|map)/.test(first) ? (/^Flow map/.test(first) ? '{' : '[') : undefined);
    const where = opener ? Math.max(0, source.lastIndexOf(opener, Math.max(0, offset - 1))) : offset;
    return { code: 'PYENV001', message: `YAML syntax error: ${known.message(m)}`, hint: known.hint(m), at: at(where) };
  }
  return { code: 'PYENV001', message: `YAML syntax error: ${first.charAt(0).toLowerCase()}${first.slice(1)}`, hint: 'fix the YAML at this position (check indentation, colons and quotes)', at: at(offset) };
}
