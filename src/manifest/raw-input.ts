import type { DiagnosticInput } from '../diagnostics/diagnostic.js';

/**
 * Largest manifest accepted, in bytes. A real manifest is a few hundred bytes, a heavily commented one
 * a few KB; the bound keeps the worst case of the YAML parser (superlinear on long flow lists and
 * error-heavy input: ~1 s at 64 KB on a busy 2-core machine, ~0.2 s at 32 KB) well under a second.
 */
export const MAX_MANIFEST_BYTES = 32 * 1024;

/**
 * Rejects input that is not a small UTF-8 text file before the YAML parser sees it: too large
 * (PYENV006), binary (a NUL byte) or another encoding (bytes that are not UTF-8, such as a UTF-16 or
 * Latin-1 file) (PYENV007). `bytes` are the raw file content when known; positions point at the first
 * offending byte, counted in the text the user sees (without a UTF-8 BOM).
 */
export function checkRawInput(file: string, text: string, bytes: Uint8Array | undefined): DiagnosticInput | undefined {
  const size = bytes?.length ?? Buffer.byteLength(text, 'utf8');
  if (size > MAX_MANIFEST_BYTES) {
    return {
      code: 'PYENV006',
      message: 'the manifest is larger than 32 KB, far too large for a settings file',
      hint: 'check that you named the right file; pyenv.yaml holds settings only (usually under 10 KB), so move data into files next to it',
      at: { file, line: 1, column: 1 },
    };
  }
  if (bytes && (bytes[0] === 0xff && bytes[1] === 0xfe || bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return notUtf8(file, '', 'the manifest is UTF-16 text, not UTF-8', 'save pyenv.yaml as UTF-8 (in most editors: "Save with encoding" → UTF-8)');
  }
  const invalid = bytes ? firstInvalidByte(bytes) : -1;
  const nul = text.indexOf('\u0000');
  if (invalid >= 0) {
    const before = new TextDecoder('utf-8').decode(bytes!.subarray(0, invalid));
    return notUtf8(file, before, `the manifest is not UTF-8 text: byte 0x${bytes![invalid]!.toString(16).padStart(2, '0')} cannot start or continue a UTF-8 character`, 'save pyenv.yaml as UTF-8 (it may be Latin-1 or Windows-1252 text, or not text at all)');
  }
  if (nul >= 0) return notUtf8(file, text.slice(0, nul), 'the manifest contains a NUL byte, so it is binary data, not text', 'check that you named the right file; pyenv.yaml must be plain UTF-8 text');
  return undefined;
}

function notUtf8(file: string, before: string, message: string, hint: string): DiagnosticInput {
  const source = before.replace(/^\uFEFF/, '');
  const lines = source.split(/\r\n|\r|\n/);
  return { code: 'PYENV007', message, hint, at: { file, line: lines.length, column: lines[lines.length - 1]!.length + 1 } };
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or -1 when all bytes are valid UTF-8.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    // Fall through to find where: the fatal decoder does not say.
  }
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      const second = bytes[i + 1];
      const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      if (second === undefined || second < low || second > high) return i;
      for (let k = 2; k < length; k++) {
        const next = bytes[i + k];
        if (next === undefined || next < 0x80 || next > 0xbf) return i;
      }
    }
    i += length;
  }
  return -1;
}
