import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { compile, type CompileResult } from '../../index.js';
import { writeAllAtomically } from '../../write/atomic.js';
import { checkFiles, isStale, type CheckedFile } from '../../write/check.js';
import { composeNeighbours } from '../../write/compose-neighbours.js';
import { planWrites, type WriteAction } from '../../write/plan-writes.js';
import { EXIT, UsageError, WriteError, worstExit } from '../exit-codes.js';
import { expandManifests } from '../manifests.js';
import { surroundingsOf } from '../surroundings.js';
import { trackedFiles } from '../git-index.js';
import { listProjectFiles, projectPathChecker, projectReader, readManifest } from '../project-reader.js';
import { printDiagnostics } from '../render.js';

export interface CompileOptions {
  manifests: string[];
  check: boolean;
  stdout: boolean;
  force: boolean;
  out?: string;
  json: boolean;
  /** validate: compile in memory, report diagnostics, write nothing. */
  validateOnly: boolean;
}

/** State of one artifact after `compile` (writing): the --check states explain a refusal. */
export type WrittenState = 'created' | 'updated' | 'unchanged' | 'not-written' | Exclude<CheckedFile['state'], 'up-to-date' | 'missing' | 'stale' | 'line-endings'>;

/** One manifest in the `--json` report. */
export interface ManifestReport {
  manifest: string;
  ok: boolean;
  diagnostics: CompileResult['diagnostics'];
  files: { path: string; state: string; message?: string; diff?: string; keptAs?: string }[];
}

/** The `--json` report of compile, `compile --check` and validate. */
export interface CompileReport {
  command: 'compile' | 'check' | 'validate';
  summary: { manifests: number; manifestsWithErrors: number; files: number; staleManifests: number; staleFiles: number; handEditedFiles: number };
  manifests: ManifestReport[];
  exitCode: number;
}

/** Compiles one manifest from disk; `display` is the path diagnostics and headers show (default: as given). */
export function compileFile(path: string, display = path): CompileResult {
  const source = readManifest(path);
  if (!source) throw new UsageError(`${path}: cannot read the file`);
  return compile({ file: display, text: source.text, bytes: source.bytes, readFile: projectReader(path), checkPath: projectPathChecker(path), files: listProjectFiles(dirname(path)), tracked: trackedFiles(dirname(path)), ...surroundingsOf(path) });
}

/**
 * `pyenvc compile` / `validate`: compiles every manifest, then writes (atomically, all of a
 * manifest's files or none), prints (--stdout) or compares in memory (--check). Returns the exit
 * code: 1 when any manifest has errors, else 3 when --check finds a stale, missing or hand-edited
 * file or a write is refused, else 0.
 */
export function runCompile(options: CompileOptions): number {
  const manifests = expandManifests(options.manifests);
  if (options.out !== undefined && manifests.length > 1) throw new UsageError(`--out takes one manifest, not ${manifests.length}: their files would overwrite each other`);
  const command: CompileReport['command'] = options.validateOnly ? 'validate' : options.check ? 'check' : 'compile';
  const reports: ManifestReport[] = [];
  let code: number = EXIT.ok;
  for (const manifest of manifests) {
    const result = compileFile(manifest);
    if (!options.json) printDiagnostics(result);
    const report: ManifestReport = { manifest, ok: result.ok, diagnostics: result.diagnostics, files: [] };
    reports.push(report);
    if (!result.ok) {
      code = worstExit(code, EXIT.manifestErrors);
      continue;
    }
    if (options.validateOnly) continue;
    if (options.stdout) {
      for (const a of result.artifacts) process.stdout.write(`${manifests.length > 1 || result.artifacts.length > 1 ? `# ---- ${join(dirname(manifest), a.path)} ----\n` : ''}${a.contents}`);
      continue;
    }
    const actions = planWrites(result.artifacts, options.out ?? dirname(manifest), options.force);
    const display = (a: WriteAction) => relative(process.cwd(), a.target) || a.artifact.path;
    const outcome = options.check ? check(actions, display, options.json) : write(manifest, actions, display, options.json);
    report.files = outcome.files;
    code = worstExit(code, outcome.code);
  }
  const summary = summarize(reports);
  if (options.json) {
    const full: CompileReport = { command, summary, manifests: reports, exitCode: code };
    process.stdout.write(`${JSON.stringify(full, null, 2)}\n`);
  } else if (command === 'check') {
    process.stderr.write(`${checkSummary(summary)}\n`);
  }
  return code;
}

function check(actions: WriteAction[], display: (a: WriteAction) => string, json: boolean): { files: CheckedFile[]; code: number } {
  const files = checkFiles(actions, display);
  const stale = files.filter(isStale);
  if (!json) for (const f of stale) process.stdout.write(`${f.path}: ${f.message}\n${f.diff ?? ''}`);
  return { files, code: stale.length ? EXIT.stale : EXIT.ok };
}

function write(manifest: string, actions: WriteAction[], display: (a: WriteAction) => string, json: boolean): { files: ManifestReport['files']; code: number } {
  const refused = actions.filter((a) => a.kind === 'refuse');
  if (refused.length) {
    const why = new Map(checkFiles(refused, display).map((f) => [f.path, f.state]));
    for (const a of refused) if (a.kind === 'refuse' && !json) process.stderr.write(`${display(a)}: error PYENV503: not written: ${a.reason}\n  hint: ${a.fix}\n`);
    const files = actions.map((a) => (a.kind === 'refuse' ? { path: display(a), state: why.get(display(a)) as WrittenState, message: `${a.reason}; ${a.fix}` } : { path: display(a), state: 'not-written' as WrittenState, message: 'not written: another file of this manifest was refused (all or nothing)' }));
    return { files, code: EXIT.stale };
  }
  const changed = actions.filter((a) => a.kind === 'create' || a.kind === 'update');
  try {
    writeAllAtomically(changed.map((a) => ({ target: a.target, contents: a.artifact.contents, mode: a.artifact.mode, ...(a.kind !== 'refuse' && a.keep ? { keep: a.keep } : {}) })));
  } catch (error) {
    // The output folder cannot be written (a file in the way, read-only, /sys): exit 73, not a bug and
    // not a usage mistake. writeAllAtomically has already put every earlier file back.
    const e = error as NodeJS.ErrnoException;
    throw new WriteError(`cannot write the generated files of ${manifest}${e.path ? ` (${e.path})` : ''}: ${e.code ?? e.message}; nothing was changed. Choose a writable output folder (--out) or fix its permissions`);
  }
  const keptAs = (a: WriteAction) => (a.kind !== 'refuse' && a.keep ? { keptAs: relative(process.cwd(), a.keep) } : {});
  const files = actions.map((a) => ({ path: display(a), state: (a.kind === 'unchanged' ? 'unchanged' : a.kind === 'create' ? 'created' : 'updated') as WrittenState, ...keptAs(a) }));
  const compose = actions.find((a) => a.artifact.field === 'compose.file');
  if (compose && !json) {
    for (const n of composeNeighbours(compose.target, readIfPresent)) process.stderr.write(`${display(compose)}: warning PYENV507: ${n.message}\n  hint: ${n.hint}\n`);
  }
  if (!json) process.stderr.write(`pyenvc: ${manifest}: ${files.map((f) => `${f.path} (${f.state}${f.keptAs ? `; the file it replaced is kept as ${f.keptAs}` : ''})`).join(', ')}\n`);
  return { files, code: EXIT.ok };
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function summarize(reports: ManifestReport[]): CompileReport['summary'] {
  const staleOf = (r: ManifestReport) => r.files.filter((f) => f.state !== 'up-to-date' && f.state !== 'unchanged' && f.state !== 'created' && f.state !== 'updated').length;
  return {
    manifests: reports.length,
    manifestsWithErrors: reports.filter((r) => !r.ok).length,
    files: reports.reduce((n, r) => n + r.files.length, 0),
    staleManifests: reports.filter((r) => staleOf(r) > 0).length,
    staleFiles: reports.reduce((n, r) => n + staleOf(r), 0),
    handEditedFiles: reports.reduce((n, r) => n + r.files.filter((f) => f.state === 'hand-edited').length, 0),
  };
}

/** The last line of `compile --check`: how many manifests and files were checked and how many are stale. */
export function checkSummary(s: CompileReport['summary']): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const head = `pyenvc: checked ${plural(s.manifests, 'manifest')} (${plural(s.files, 'file')})`;
  const errors = s.manifestsWithErrors ? `, ${plural(s.manifestsWithErrors, 'manifest')} with errors` : '';
  if (s.staleManifests === 0) return `${head}: ${s.manifestsWithErrors ? 'no stale files' : 'all up to date'}${errors}`;
  // A plain `pyenvc compile` refuses a hand-edited file (PYENV503), so the hint must not stop there.
  const edited = s.handEditedFiles
    ? `; ${plural(s.handEditedFiles, 'file')} edited by hand: move the change into the manifest first, then run \`pyenvc compile --force\` (it keeps the edited file as <name>.orig)`
    : '';
  return `${head}: ${s.staleManifests} stale (${plural(s.staleFiles, 'file')})${errors}\n  hint: run \`pyenvc compile\` and commit the result${edited}`;
}
