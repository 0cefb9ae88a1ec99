import pc from 'picocolors';
import { renderDiagnostic } from '../diagnostics/render.js';
import type { CompileResult } from '../index.js';

/** Prints a compile's diagnostics to stderr, coloured when stderr is a terminal that supports it. */
export function printDiagnostics(result: CompileResult, stream: NodeJS.WriteStream = process.stderr): void {
  const colors = pc.createColors(Boolean(stream.isTTY) && pc.isColorSupported);
  for (const d of result.diagnostics) {
    const text = renderDiagnostic(d, result.sources[d.file]);
    const paint = d.severity === 'error' ? colors.red : d.severity === 'warning' ? colors.yellow : colors.cyan;
    const [first, ...rest] = text.split('\n');
    stream.write(`${paint(first!)}\n${rest.length ? `${rest.join('\n')}\n` : ''}`);
  }
}
