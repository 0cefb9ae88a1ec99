import { Composer, isMap, LineCounter, Parser, type Document } from 'yaml';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import { checkRawInput } from './raw-input.js';
import { findStructureProblem, MAX_DEPTH, tooDeepOffset, type StructureProblem } from './yaml-limits.js';
import { yamlSyntaxProblem } from './yaml-messages.js';

export { MAX_MANIFEST_BYTES } from './raw-input.js';

/** A parsed manifest with what is needed to point back into the source. */
export interface LoadedManifest {
  file: string;
  /** Source text without BOM, as parsed. */
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** Plain JS value of the document (a mapping, checked). */
  value: Record<string, unknown>;
}

/** yaml's own bound on alias expansion in toJS (count of uses × aliases inside the anchored value). */
const MAX_ALIAS_COUNT = 50;

/**
 * Parses manifest text into a YAML document that keeps source positions. Accepts UTF-8 with or without
 * BOM and CRLF endings. Never throws for bad input: returns the problems (codes 0xx) with positions
 * instead. `bytes` is the raw file content when known, to reject binary and non-UTF-8 input. The
 * parser never sees input that could exhaust memory or the call stack: size, nesting depth and alias
 * expansion are bounded first.
 */
export function loadManifest(file: string, text: string, bytes?: Uint8Array): { loaded?: LoadedManifest; problems: DiagnosticInput[] } {
  const early = checkRawInput(file, text, bytes);
  if (early) return { problems: [early] };
  const source = text.replace(/^\uFEFF/, '');
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const tokens = [...new Parser(lineCounter.addNewLine).parse(source)];
  const deep = tooDeepOffset(tokens);
  if (deep >= 0) {
    return { problems: [{ code: 'PYENV010', message: `the manifest nests lists and mappings more than ${MAX_DEPTH} levels deep`, hint: 'a manifest needs 4 or 5 levels; check for runaway "- " or "[" characters', at: at(deep) }] };
  }
  const list = [...new Composer({ uniqueKeys: false, prettyErrors: false }).compose(tokens, true, source.length)];
  if (list.length > 1) {
    return { problems: [{ code: 'PYENV004', message: 'the manifest holds more than one YAML document', hint: 'remove the `---` separator and everything after it: one pyenv.yaml describes one image', at: at(list[1]!.range[0]) }] };
  }
  const document = list[0];
  if (!document || document.contents === null) {
    return { problems: [{ code: 'PYENV008', message: 'the manifest is empty', hint: 'start from `pyenvc init`, or write at least `version: 1` and `name: <image-name>`', at: { file, line: 1, column: 1 } }] };
  }
  const error = document.errors[0];
  if (error) return { problems: [yamlSyntaxProblem(error.code, error.message, error.pos[0], source, at)] };
  if (!isMap(document.contents)) {
    const range = document.contents.range ?? [0, 0, 0];
    return { problems: [{ code: 'PYENV009', message: 'the manifest must be a mapping of keys such as `version:` and `name:`', hint: 'write `key: value` lines at the top level, not a list or a single value', at: at(range[0]) }] };
  }
  const structure = findStructureProblem(document);
  if (structure) return { problems: [structureError(structure, at(structure.offset))] };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // yaml throws a ReferenceError when alias expansion passes maxAliasCount ("billion laughs").
    const first = findFirstAlias(source);
    return { problems: [structureError({ kind: 'aliases', offset: first, detail: 'nest too deeply: expanding them would multiply the manifest' }, at(first))] };
  }
  return { loaded: { file, text: source, document, lineCounter, value: value as Record<string, unknown> }, problems: [] };
}

function findFirstAlias(source: string): number {
  const match = /(^|[\s,[{:-])\*[^\s,[\]{}]+/.exec(source);
  return match ? match.index + match[1]!.length : 0;
}

function structureError(problem: StructureProblem, at: { file: string; line: number; column: number }): DiagnosticInput {
  switch (problem.kind) {
    case 'aliases':
      return { code: 'PYENV005', message: `the manifest's YAML aliases (*name) ${problem.detail}`, hint: 'write the values out instead of repeating `*alias` references', at };
    case 'duplicate':
      return { code: 'PYENV003', message: `the key "${problem.detail}" appears twice in the same mapping`, hint: 'keep one of the two entries; YAML does not merge them, and the later one would silently win', at };
    case 'merge':
      return { code: 'PYENV011', message: 'YAML merge keys (<<) are not supported in a manifest', hint: 'write the keys out; presets already supply shared defaults', at };
    case 'unknown-alias':
      return { code: 'PYENV005', message: `the alias *${problem.detail} names no anchor defined before it`, hint: `mark the value to repeat with &${problem.detail} before using *${problem.detail}, or write the value out`, at };
    case 'tag':
      return { code: 'PYENV011', message: `the YAML tag ${problem.detail} is not supported in a manifest`, hint: 'remove the tag; values are plain strings, numbers, true/false, lists and mappings', at };
    case 'key':
      return { code: 'PYENV011', message: `a mapping key is ${problem.detail}; keys must be plain names`, hint: 'write `name: value`; a `? ` complex key or a list used as a key has no meaning in pyenv.yaml', at };
    case 'surrogate':
      return { code: 'PYENV012', message: 'a \\u escape in this string is half of a UTF-16 surrogate pair, which is not a character', hint: 'write the character itself, or its full code point as \\U0001F600 (8 hex digits)', at };
  }
}
