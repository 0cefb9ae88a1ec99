/**
 * A problem found while compiling a manifest. Passes and loaders report these instead of throwing
 * (architecture rule 4); the CLI renders them as `file:line:column: severity CODE: message`.
 */
export type Severity = 'error' | 'warning' | 'note';

/** One reported problem, with its position resolved from the manifest's YAML document. */
export interface Diagnostic {
  /** Stable code, `PYENVnnn`, grouped by stage: 0xx YAML, 1xx schema, 2xx semantic, 3xx base/dependencies, 4xx shell/ports/entrypoint, 5xx output. */
  code: string;
  severity: Severity;
  /** One line: what is wrong. */
  message: string;
  /** One line: how to fix it. */
  hint?: string;
  /** File the position refers to (display path, as given by the user). */
  file: string;
  /** 1-based line and column; 0 when the problem has no position (a missing file, say). */
  line: number;
  column: number;
}

/** What a pass or loader hands to `report`: the position is looked up from `path` by the collector. */
export interface DiagnosticInput {
  code: string;
  message: string;
  hint?: string;
  severity?: Severity;
  /** Path of the offending value in the manifest (`['run', 'ports', 0]`); `[]` means the whole document. */
  path?: readonly (string | number)[];
  /** Use this file and position instead of a manifest path (problems inside environment.yml, say). */
  at?: { file: string; line: number; column: number };
  /** For a missing key, point at the key itself rather than its value. */
  key?: boolean;
}

/** Orders diagnostics by file, then position, then code, so output never depends on pass order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

/** Plain code-unit comparison: locale-independent, the same on every machine (architecture rule 6). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when at least one diagnostic is an error (warnings never stop a compile). */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
