import { createTwoFilesPatch } from 'diff';
import type { WriteAction } from './plan-writes.js';

/**
 * State of one artifact as `--check` sees it (stable tokens, used in the `--json` report):
 * - `up-to-date`: the file on disk is byte-identical to what pyenvc would write;
 * - `missing`: no file there yet;
 * - `stale`: pyenvc wrote it from an older manifest (its checksum still matches its body);
 * - `line-endings`: identical except CRLF line endings (a Windows checkout without .gitattributes);
 * - `hand-edited`: its body no longer matches its own pyenvc checksum;
 * - `not-generated`: a same-named file pyenvc did not write;
 * - `refused`: a path pyenvc never writes through (a symbolic link, not a regular file, outside the folder).
 */
export type CheckState = 'up-to-date' | 'missing' | 'stale' | 'line-endings' | 'hand-edited' | 'not-generated' | 'refused';

/** One artifact in the `--check` report. `diff` is a unified diff (on disk → would be written) for every state but up-to-date and line-endings. */
export interface CheckedFile {
  path: string;
  state: CheckState;
  /** One line for a person: what is wrong and how to fix it. */
  message: string;
  diff?: string;
}

/**
 * Turns planned writes into the `--check` report, one entry per artifact in artifact order. Nothing
 * is written: the comparison is in memory. Unified diffs use the `diff` package with 3 lines of
 * context and `a/`/`b/` prefixes, like `git diff`.
 */
export function checkFiles(actions: readonly WriteAction[], displayPath: (a: WriteAction) => string): CheckedFile[] {
  return actions.map((a) => {
    const path = displayPath(a);
    const state = checkState(a);
    const file: CheckedFile = { path, state, message: MESSAGES[state](a.kind === 'refuse' ? a.reason : '') };
    if (state !== 'up-to-date' && state !== 'line-endings') {
      file.diff = createTwoFilesPatch(`a/${path}`, `b/${path}`, a.current ?? '', a.artifact.contents, undefined, undefined, { context: 3 });
    }
    return file;
  });
}

/** True when a checked file makes `--check` fail. */
export function isStale(file: CheckedFile): boolean {
  return file.state !== 'up-to-date';
}

function checkState(a: WriteAction): CheckState {
  if (a.kind === 'unchanged') return 'up-to-date';
  if (a.kind === 'create') return 'missing';
  if (a.current !== undefined && a.current.replace(/\r\n/g, '\n') === a.artifact.contents) return 'line-endings';
  if (a.kind !== 'refuse') return 'stale';
  if (a.reason.includes('by hand')) return 'hand-edited';
  if (a.reason.includes('not generated')) return 'not-generated';
  return 'refused';
}

const MESSAGES: Record<CheckState, (reason: string) => string> = {
  'up-to-date': () => 'up to date',
  missing: () => 'missing: run `pyenvc compile` and commit the result',
  stale: () => 'stale: the manifest changed since this file was generated; run `pyenvc compile` and commit the result',
  'line-endings': () => 'CRLF line endings (a Windows checkout?): add `* text eol=lf` (or one line per generated file) to .gitattributes, then `git add --renormalize .`',
  'hand-edited': () => 'edited by hand since pyenvc generated it: move the change into pyenv.yaml, then run `pyenvc compile --force`',
  'not-generated': () => "a file pyenvc did not generate has this name: move it away (or merge it into the manifest), give pyenvc's file another name (output.* or compose.file in the manifest, or --out DIR), or run `pyenvc compile --force` (it keeps yours as <name>.orig)",
  refused: (reason) => `${reason}: pyenvc will not write there`,
};
