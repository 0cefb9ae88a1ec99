import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { LoadedManifest } from '../manifest/load.js';
import type { Manifest, Origins } from '../manifest/types.js';
import type { ProjectFacts } from '../project/read-project.js';

/**
 * Reads project files for the compiler core. Paths are POSIX, relative to the manifest's folder.
 * The CLI implements it over the file system; tests over a map. Returns `undefined` for a missing file.
 */
export type ReadProjectFile = (relativePath: string) => string | undefined;

/**
 * Says why an existing project path may not be used: it resolves outside the manifest's folder
 * through a symbolic link, which Docker will not follow out of the build context
 * (https://docs.docker.com/build/concepts/context/). Returns a one-line cause such as
 * `"shared" is a symbolic link to /srv/shared`, or undefined when the path is fine or missing.
 * The CLI implements it over the file system; in-memory readers need none. compile() reports such a
 * path as PYENV201, and passes reading it get empty text, so they need not know about links.
 */
export type CheckProjectPath = (relativePath: string) => string | undefined;

/** What every pass receives: the effective manifest, where its values came from, and a reporter. */
export interface PassContext {
  manifest: Manifest;
  origins: Origins;
  loaded: LoadedManifest;
  readFile: ReadProjectFile;
  /** The project's files read into typed facts: the same reader `pyenvc init` decides from. */
  project: ProjectFacts;
  report(problem: DiagnosticInput): void;
}

/** True when the value at the dotted path was written by the user (not a preset or a default). */
export function isUserSet(ctx: PassContext, path: string): boolean {
  return Object.entries(ctx.origins).some(([p, o]) => o.kind === 'manifest' && (p === path || p.startsWith(`${path}.`)));
}
