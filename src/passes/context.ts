import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { LoadedManifest } from '../manifest/load.js';
import type { Manifest, Origins } from '../manifest/types.js';

/**
 * Reads project files for the compiler core. Paths are POSIX, relative to the manifest's folder.
 * The CLI implements it over the file system; tests over a map. Returns `undefined` for a missing file.
 */
export type ReadProjectFile = (relativePath: string) => string | undefined;

/** What every pass receives: the effective manifest, where its values came from, and a reporter. */
export interface PassContext {
  manifest: Manifest;
  origins: Origins;
  loaded: LoadedManifest;
  readFile: ReadProjectFile;
  report(problem: DiagnosticInput): void;
}

/** True when the value at the dotted path was written by the user (not a preset or a default). */
export function isUserSet(ctx: PassContext, path: string): boolean {
  return Object.entries(ctx.origins).some(([p, o]) => o.kind === 'manifest' && (p === path || p.startsWith(`${path}.`)));
}
