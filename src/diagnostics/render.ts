import type { Diagnostic } from './diagnostic.js';

/**
 * Renders one diagnostic the way compilers do: `file:line:column: error PYENV104: message`, then a
 * code frame of the source line with a caret under the column, then `hint: ...`.
 * `source` is the text of `d.file` when known; without it the frame is left out. Output has no colour:
 * the CLI colours it when the terminal supports that.
 */
export function renderDiagnostic(d: Diagnostic, source: string | undefined): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const lines = [`${where}: ${d.severity} ${d.code}: ${d.message}`];
  if (source !== undefined && d.line > 0) lines.push(...codeFrame(source, d.line, d.column));
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

/** The line before, the offending line and a caret line, each prefixed with a gutter `  12 | `. */
function codeFrame(source: string, line: number, column: number): string[] {
  const all = source.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  const first = Math.max(1, line - 1);
  const width = String(line).length;
  const out: string[] = [];
  for (let n = first; n <= Math.min(line, all.length); n++) {
    const text = visible(all[n - 1] ?? '');
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`);
  }
  if (line <= all.length) {
    const prefix = visible((all[line - 1] ?? '').slice(0, Math.max(0, column - 1))).replace(/[^\t]/g, ' ');
    out.push(`  ${' '.repeat(width)} | ${prefix}^`);
  }
  return out;
}

/** Long lines are cut and control characters shown as `\xNN`, so a frame never garbles a terminal. */
function visible(text: string): string {
  const cut = text.length > 160 ? `${text.slice(0, 160)}…` : text;
  return cut.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
