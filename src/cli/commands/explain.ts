import { dirname } from 'node:path';
import { compile } from '../../index.js';
import { explainPlan, explainSettings, type ExplainedSection, type ExplainedSetting } from '../../explain/explain.js';
import { renderExplanation } from '../../explain/render.js';
import { loadManifest } from '../../manifest/load.js';
import { normalizeManifest } from '../../manifest/normalize.js';
import type { CompileResult, ResolvedPlan } from '../../index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { expandManifests } from '../manifests.js';
import { surroundingsOf } from '../surroundings.js';
import { trackedFiles } from '../git-index.js';
import { listProjectFiles, projectReader, readManifest } from '../project-reader.js';
import { printDiagnostics } from '../render.js';

export interface ExplainOptions {
  manifest: string;
  json: boolean;
}

/** The `pyenvc explain --json` report. */
export interface ExplainReport {
  manifest: string;
  ok: boolean;
  diagnostics: CompileResult['diagnostics'];
  /** The resolved plan (the same IR the emitters read, as in plan.json). */
  plan?: ResolvedPlan;
  /** Every plan value and the manifest fields it came from, each with its origin. */
  sections?: ExplainedSection[];
  /** Every field of the effective manifest (after preset and defaults) with its origin. */
  settings?: ExplainedSetting[];
}

/**
 * `pyenvc explain [MANIFEST] [--json]`: compiles in memory (writes nothing) and prints the resolved
 * plan, each value with where it came from. Exit 1 when the manifest has errors.
 */
export function runExplain(options: ExplainOptions): number {
  const found = expandManifests([options.manifest]);
  if (found.length !== 1) throw new UsageError(`explain takes one manifest; "${options.manifest}" matches ${found.length}`);
  const manifest = found[0]!;
  const source = readManifest(manifest);
  if (!source) throw new UsageError(`${manifest}: cannot read the file`);
  const result = compile({ file: manifest, text: source.text, bytes: source.bytes, readFile: projectReader(manifest), files: listProjectFiles(dirname(manifest)), tracked: trackedFiles(dirname(manifest)), ...surroundingsOf(manifest) });
  const report: ExplainReport = { manifest, ok: result.ok, diagnostics: result.diagnostics };
  if (result.ok && result.plan) {
    // The manifest compiled, so it loads and normalizes; its effective values tell defaults that apply from absent fields.
    const loaded = loadManifest(manifest, source.text, source.bytes).loaded!;
    const effective = normalizeManifest(loaded).manifest;
    report.plan = result.plan;
    report.sections = explainPlan(result.plan, effective);
    report.settings = explainSettings(effective, result.plan.origins);
  }
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    printDiagnostics(result);
    if (report.sections && result.plan) process.stdout.write(renderExplanation(manifest, result.plan.name, report.sections));
  }
  return result.ok ? EXIT.ok : EXIT.manifestErrors;
}
