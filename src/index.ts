import { posix } from 'node:path';
import { hasErrors, sortDiagnostics, type Diagnostic, type DiagnosticInput } from './diagnostics/diagnostic.js';
import { emitArtifacts, type Artifact } from './emit/index.js';
import { loadManifest, type LoadedManifest } from './manifest/load.js';
import { locate, sourceText } from './manifest/locate.js';
import { normalizeManifest } from './manifest/normalize.js';
import { validateManifest } from './manifest/schema.js';
import { checkSemantics } from './manifest/semantic.js';
import { findPathMention, symlinkEscape } from './manifest/path-escapes.js';
import type { CheckProjectPath, ReadProjectFile } from './passes/context.js';
import { runPasses } from './passes/index.js';
import { ProjectFacts } from './project/read-project.js';
import type { ResolvedPlan } from './plan/types.js';
import type { EnclosingUvWorkspace } from './project/uv-workspace-root.js';

export type { Artifact } from './emit/index.js';
export type { Diagnostic } from './diagnostics/diagnostic.js';
export type { ResolvedPlan } from './plan/types.js';
export type { CheckProjectPath, ReadProjectFile } from './passes/context.js';
export type { EnclosingUvWorkspace } from './project/uv-workspace-root.js';

/** What `compile` needs: the manifest's display path and text, and a reader for the files next to it. */
export interface CompileInput {
  /** Display path of the manifest (as the user named it); diagnostics and headers use it. */
  file: string;
  text: string;
  /** Raw bytes of the manifest when read from disk, to reject binary or non-UTF-8 input precisely. */
  bytes?: Uint8Array;
  /** Reads project files relative to the manifest's folder; `undefined` when missing. */
  readFile: ReadProjectFile;
  /** Says when an existing project path leaves the manifest's folder through a symbolic link (CLI: the file system). */
  checkPath?: CheckProjectPath;
  /**
   * The files of the manifest's folder (POSIX, relative; the CLI lists three levels as init does), so
   * checks such as "does the run target exist" can name candidates. Without it those checks read files
   * one by one and suggest nothing.
   */
  files?: readonly string[];
  /**
   * The uv workspace above the manifest's folder that lists it as a member (CLI: findEnclosingUvWorkspace),
   * so a manifest in a member's folder gets the fix that names the workspace root (PYENV338).
   */
  uvWorkspace?: EnclosingUvWorkspace;
  /**
   * The files git tracks in the manifest's folder (POSIX, relative; the CLI reads the repository's
   * index), so compile can warn when a .gitignore line it carries would leave a tracked file out of
   * the image (git ignores only untracked files). Without it that check is skipped.
   */
  tracked?: readonly string[];
}

/** The outcome of one compile. `artifacts` is empty whenever `diagnostics` holds an error. */
export interface CompileResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  artifacts: Artifact[];
  plan?: ResolvedPlan;
  /** Texts of the files diagnostics point into (display path → text), for code frames. */
  sources: Record<string, string>;
}

/**
 * Compiles one manifest into its artifacts. Pure: reads files only through `input.readFile`, no
 * clock, environment or network, so the same input gives the same bytes everywhere. Never throws for
 * bad input — problems come back as diagnostics; a thrown exception is an internal bug.
 * Stages: load → schema → presets+defaults → semantic checks → passes → emitters; any error stops
 * before emitting.
 */
export function compile(input: CompileInput): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const sources: Record<string, string> = { [input.file]: input.text.replace(/^\uFEFF/, '') };
  const folder = posix.dirname(input.file.replace(/\\/g, '/'));
  const display = (relative: string) => (folder === '.' ? relative : posix.join(folder, relative));
  let loaded: LoadedManifest | undefined;
  const report = (p: DiagnosticInput) => diagnostics.push(toDiagnostic(p, input.file, loaded, display));
  const checkPath: CheckProjectPath = (path) => input.checkPath?.(path);
  const read = new Map<string, string>();
  const escaped = new Set<string>();
  // A file reached through a link out of the project is reported here and reads as empty, so no pass
  // needs to tell "missing" from "outside" (the error stops the compile before anything is emitted).
  const readFile: ReadProjectFile = (path) => {
    const cause = checkPath(path);
    if (cause) {
      if (!escaped.has(path) && loaded) report({ ...symlinkEscape('project file', path, cause), at: findPathMention(loaded, read, path) });
      escaped.add(path);
      return '';
    }
    const text = input.readFile(path);
    if (text !== undefined) {
      sources[display(path)] = text;
      read.set(path, text);
    }
    return text;
  };
  const done = (plan?: ResolvedPlan): CompileResult => {
    const sorted = sortDiagnostics(diagnostics);
    const ok = !hasErrors(sorted);
    return { ok, diagnostics: sorted, artifacts: ok && plan ? emitArtifacts(plan) : [], ...(plan ? { plan } : {}), sources };
  };

  const result = loadManifest(input.file, input.text, input.bytes);
  result.problems.forEach(report);
  if (!result.loaded) return done();
  loaded = result.loaded;
  const current = loaded;
  validateManifest(loaded.value, (path) => sourceText(current, path)).forEach(report);
  if (hasErrors(diagnostics)) return done();
  const { manifest, origins } = normalizeManifest(loaded);
  checkSemantics(manifest, loaded.value, origins, report, checkPath);
  if (hasErrors(diagnostics)) return done();
  // Headers name the manifest relative to its own folder, so output does not depend on the cwd.
  const project = new ProjectFacts(readFile, input.files, input.uvWorkspace, input.tracked);
  const plan = runPasses({ manifest, origins, loaded, readFile, project, report }, posix.basename(input.file.replace(/\\/g, '/')));
  return done(hasErrors(diagnostics) ? undefined : plan);
}

function toDiagnostic(p: DiagnosticInput, file: string, loaded: LoadedManifest | undefined, display: (relative: string) => string): Diagnostic {
  const base = { code: p.code, severity: p.severity ?? 'error', message: p.message, ...(p.hint ? { hint: p.hint } : {}) } as const;
  if (p.at) return { ...base, file: p.at.file === '' || p.at.file === file ? file : display(p.at.file), line: p.at.line, column: p.at.column };
  if (loaded) {
    const pos = locate(loaded, p.path ?? [], p.key);
    return { ...base, file, line: pos.line, column: pos.column };
  }
  return { ...base, file, line: 0, column: 0 };
}
