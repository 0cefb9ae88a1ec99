// Small helpers shared by the benchmark sections: timing, medians, table printing.
import { spawnSync } from 'node:child_process';

/** Median of a list of numbers (mean of the two middle values for an even count). */
export function median(values) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Runs a command synchronously and returns its wall time in ms and its result. Throws when the exit
 * code is not one of `okCodes`, with the command's stderr, so a broken command never yields a number.
 */
export function timeCommand(command, args, { okCodes = [0], cwd, env, input } = {}) {
  const start = now();
  const r = spawnSync(command, args, { cwd, env, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = now() - start;
  if (r.error) throw r.error;
  if (!okCodes.includes(r.status)) {
    throw new Error(`${command} ${args.join(' ')} exited ${r.status}${r.signal ? ` (${r.signal})` : ''}\n${(r.stderr || '').slice(-4000)}\n${(r.stdout || '').slice(-2000)}`);
  }
  return { ms, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Formats ms as "123 ms" or "1.23 s". */
export function fmtMs(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return 'n/a';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

/** Formats bytes as MB (10^6, as `docker images` does). */
export function fmtMB(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return 'n/a';
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A plain-text table: first row is the header; columns are left-aligned, numbers too (they carry units). */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  const line = (r) => r.map((cell, c) => String(cell ?? '').padEnd(widths[c])).join(' | ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

/** A Markdown table (for bench/README.md): same rows as `table`. */
export function markdownTable(rows) {
  const esc = (s) => String(s ?? '').replace(/\|/g, '\\|');
  return [
    `| ${rows[0].map(esc).join(' | ')} |`,
    `|${rows[0].map(() => '---').join('|')}|`,
    ...rows.slice(1).map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** "met" / "NOT met" for a goal. */
export function verdict(ok) {
  return ok ? 'met' : 'NOT met';
}
