import { dirname, join, relative } from 'node:path';
import { compile, type CompileResult } from '../../index.js';
import { staleFiles, type StaleFile } from '../../write/check.js';
import { writeAllAtomically } from '../../write/atomic.js';
import { planWrites, type WriteAction } from '../../write/plan-writes.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { expandManifests } from '../manifests.js';
import { projectPathChecker, projectReader, readManifest } from '../project-reader.js';
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

interface ManifestReport {
  manifest: string;
  ok: boolean;
  diagnostics: CompileResult['diagnostics'];
  files: { path: string; state: string }[];
  stale?: StaleFile[];
}

/** Compiles one manifest from disk; `display` is the path diagnostics and headers show (default: as given). */
export function compileFile(path: string, display = path): CompileResult {
  const source = readManifest(path);
  if (!source) throw new UsageError(`${path}: cannot read the file`);
  return compile({ file: display, text: source.text, bytes: source.bytes, readFile: projectReader(path), checkPath: projectPathChecker(path) });
}

/**
 * `pyenvc compile` / `validate`: compiles every manifest, then writes (atomically, all of a
 * manifest's files or none), prints (--stdout) or compares (--check). Returns the exit code:
 * 1 when any manifest has errors, 3 when --check finds stale files or a write is refused.
 */
export function runCompile(options: CompileOptions): number {
  const manifests = expandManifests(options.manifests);
  const reports: ManifestReport[] = [];
  let code: number = EXIT.ok;
  for (const manifest of manifests) {
    const result = compileFile(manifest);
    if (!options.json) printDiagnostics(result);
    const report: ManifestReport = { manifest, ok: result.ok, diagnostics: result.diagnostics, files: [] };
    reports.push(report);
    if (!result.ok) {
      code = Math.max(code, EXIT.manifestErrors);
      continue;
    }
    if (options.validateOnly) continue;
    if (options.stdout) {
      for (const a of result.artifacts) process.stdout.write(`${manifests.length > 1 || result.artifacts.length > 1 ? `# ---- ${join(dirname(manifest), a.path)} ----\n` : ''}${a.contents}`);
      continue;
    }
    const folder = options.out ?? dirname(manifest);
    const actions = planWrites(result.artifacts, folder, options.force);
    const display = (a: WriteAction) => relative(process.cwd(), a.target) || a.artifact.path;
    if (options.check) {
      const stale = staleFiles(actions, display);
      report.stale = stale;
      report.files = actions.map((a) => ({ path: display(a), state: a.kind === 'unchanged' ? 'up to date' : stale.find((s) => s.path === display(a))!.state }));
      if (stale.length) code = Math.max(code, EXIT.stale);
      if (!options.json) for (const s of stale) process.stdout.write(`${s.path}: ${s.state}\n${s.diff}`);
      continue;
    }
    const refused = actions.filter((a) => a.kind === 'refuse');
    if (refused.length) {
      for (const a of refused) if (a.kind === 'refuse' && !options.json) process.stderr.write(`${display(a)}: error PYENV503: not written: ${a.reason}\n  hint: ${a.fix}\n`);
      report.files = actions.map((a) => ({ path: display(a), state: a.kind === 'refuse' ? `refused: ${a.reason}` : 'not written' }));
      code = Math.max(code, EXIT.stale);
      continue;
    }
    const changed = actions.filter((a) => a.kind === 'create' || a.kind === 'update');
    writeAllAtomically(changed.map((a) => ({ target: a.target, contents: a.artifact.contents, mode: a.artifact.mode })));
    report.files = actions.map((a) => ({ path: display(a), state: a.kind === 'unchanged' ? 'unchanged' : a.kind === 'create' ? 'created' : 'updated' }));
    if (!options.json) {
      const summary = report.files.map((f) => `${f.path} (${f.state})`).join(', ');
      process.stderr.write(`pyenvc: ${manifest}: ${summary}\n`);
    }
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ manifests: reports, exitCode: code }, null, 2)}\n`);
  else if (options.check && manifests.length > 0) {
    const stale = reports.filter((r) => r.stale && r.stale.length > 0).length;
    process.stderr.write(`pyenvc: checked ${manifests.length} manifest${manifests.length === 1 ? '' : 's'}, ${stale} with stale files\n`);
  }
  return code;
}
