import { posix } from 'node:path';
import { INSTANCE_FOLDER, LOCAL_STATE_FILES } from '../catalog/local-state.js';
import type { ImportedIgnoreLine } from '../plan/types.js';
import { dockerignoreMatcher } from '../manifest/dockerignore-matcher.js';
import type { PassContext } from './context.js';

/**
 * Flask's instance folder at the build context's root (src/catalog/local-state.ts), unless it is a
 * Python package (`instance/__init__.py`) or a path the build needs (build-context relative) is in it.
 */
export function instanceFolderIgnores(ctx: PassContext, context: string, needed: readonly string[]): string[] {
  const inContext = (p: string) => (context === '.' ? p : posix.join(context, p));
  if (ctx.project.has(inContext(`${INSTANCE_FOLDER}/__init__.py`))) return [];
  if (needed.some((p) => p.replace(/\/+$/, '') === INSTANCE_FOLDER || p.startsWith(`${INSTANCE_FOLDER}/`))) return [];
  return [INSTANCE_FOLDER];
}

/**
 * A note (PYENV524) naming the files of the folder listing that only pyenvc's local-state defaults
 * keep out of the image (not the project's .gitignore or .dockerignore, which say so themselves):
 * a SQLite file may be data the app reads, and it would miss it only when it runs. Needs the listing
 * (the CLI gives one); `ignore` is the whole generated list, so a project.ignore `!` line that
 * brings a file back silences it.
 */
export function noteLocalState(ctx: PassContext, context: string, ignore: readonly string[], imported: readonly ImportedIgnoreLine[], instance: readonly string[]): void {
  const prefix = context === '.' ? '' : `${context}/`;
  const files = (ctx.project.files ?? []).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  if (files.length === 0) return;
  const local = dockerignoreMatcher([...LOCAL_STATE_FILES.map((e) => e.pattern), ...instance]);
  const carried = dockerignoreMatcher(imported.map((l) => l.pattern));
  const all = dockerignoreMatcher(ignore);
  const found = files.filter((f) => local.ignores(f) && !carried.ignores(f) && all.ignores(f));
  if (found.length === 0) return;
  const shown = found.slice(0, 5).join(', ') + (found.length > 5 ? ` and ${found.length - 5} more` : '');
  ctx.report({
    code: 'PYENV524',
    severity: 'note',
    message: `left out of the build context by pyenvc's defaults for files a running app writes (SQLite databases, logs, local_settings.py, Flask's instance/): ${shown}`,
    hint: `if the app needs one at run time, bring it back with a "!" line in project.ignore, e.g. "!${found[0]}"`,
    path: ['project'],
    key: true,
  });
}
