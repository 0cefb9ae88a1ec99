import { isMap, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';

/** Largest manifest accepted, in bytes. A real manifest is a few hundred bytes; this bounds parse cost. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

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

/**
 * Parses manifest text into a YAML document that keeps source positions. Accepts UTF-8 with or without
 * BOM and CRLF endings. Never throws for bad input: returns the problems (codes 0xx) with positions
 * instead. `bytes` is the raw file content when known, to reject binary and non-UTF-8 input.
 */
export function loadManifest(file: string, text: string, bytes?: Uint8Array): { loaded?: LoadedManifest; problems: DiagnosticInput[] } {
  const early = checkRawInput(text, bytes);
  if (early) return { problems: [early] };
  const source = text.replace(/^\uFEFF/, '');
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [documents];
  const problems: DiagnosticInput[] = [];
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (list.length > 1) {
    const second = list[1]!;
    problems.push({ code: 'PYENV004', message: 'the manifest holds more than one YAML document', hint: 'remove the `---` separator and keep one document per pyenv.yaml', at: at(second.range[0]) });
    return { problems };
  }
  const document = list[0];
  if (!document || document.contents === null) {
    return { problems: [{ code: 'PYENV008', message: 'the manifest is empty', hint: 'start from `pyenvc init`, or write at least `version: 1` and `name: <image-name>`', at: { file, line: 1, column: 1 } }] };
  }
  for (const error of document.errors) problems.push(yamlError(error.code, error.message, at(error.pos[0])));
  if (problems.length > 0) return { problems: problems.slice(0, 1) };
  if (!isMap(document.contents)) {
    const range = document.contents.range ?? [0, 0, 0];
    return { problems: [{ code: 'PYENV009', message: 'the manifest must be a mapping of keys such as `version:` and `name:`', hint: 'write `key: value` lines at the top level, not a list or a scalar', at: at(range[0]) }] };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    // The yaml package throws ReferenceError when alias expansion passes maxAliasCount ("billion laughs").
    return { problems: [{ code: 'PYENV005', message: 'the manifest expands too many YAML aliases', hint: 'write the values out instead of nesting `*alias` references', at: { file, line: 1, column: 1 } }] };
  }
  return { loaded: { file, text: source, document, lineCounter, value: value as Record<string, unknown> }, problems: [] };
}

function checkRawInput(text: string, bytes: Uint8Array | undefined): DiagnosticInput | undefined {
  const size = bytes?.length ?? Buffer.byteLength(text, 'utf8');
  if (size > MAX_MANIFEST_BYTES) {
    return { code: 'PYENV006', message: `the manifest is ${size} bytes; the limit is ${MAX_MANIFEST_BYTES}`, hint: 'a pyenv.yaml holds settings only; move data out of it', at: { file: '', line: 0, column: 0 } };
  }
  const nul = text.indexOf('\u0000');
  const bad = text.indexOf('\uFFFD');
  if (nul >= 0 || (bytes && bad >= 0 && !hasReplacementCharacter(bytes))) {
    const offset = nul >= 0 ? nul : bad;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { code: 'PYENV007', message: 'the manifest is not UTF-8 text (binary or another encoding)', hint: 'save pyenv.yaml as UTF-8', at: { file: '', line, column } };
  }
  return undefined;
}

/** True when the raw bytes really contain U+FFFD (EF BF BD), so a decoded U+FFFD is not a decoding error. */
function hasReplacementCharacter(bytes: Uint8Array): boolean {
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true;
  return false;
}

function yamlError(code: string, message: string, at: { file: string; line: number; column: number }): DiagnosticInput {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return { code: 'PYENV003', message: 'a key appears twice in the same mapping', hint: 'keep one of the two entries; YAML does not merge them', at };
  if (code === 'TAB_AS_INDENT' || /tab/i.test(first)) return { code: 'PYENV002', message: 'a tab character is used for indentation', hint: 'indent with spaces; YAML does not allow tabs', at };
  return { code: 'PYENV001', message: `YAML syntax error: ${lowerFirst(first)}`, hint: 'fix the YAML at this position (check indentation, colons and quotes)', at };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
