import { posix } from 'node:path';
import type { Manifest } from '../manifest/types.js';
import type { EntrypointPlan, FinalizePlan } from '../plan/types.js';

/**
 * The folders the app user may write (issue 13 items 5 and 6), everything else it runs stays owned by
 * root: Docker's COPY creates files owned by uid 0 unless --chown is given
 * (https://docs.docker.com/reference/dockerfile/#copy---chown---chmod), so the code and the environment
 * are read-only to the app. Writable are:
 *  - `caches`: the HOME folders pyenvc points libraries at (XDG_CACHE_HOME, XDG_CONFIG_HOME, Jupyter's
 *    JUPYTER_RUNTIME_DIR), when they lie under HOME; compose puts a tmpfs on each when read_only;
 *  - jupyter.root_dir, where notebooks are saved;
 *  - each project.writable folder, relative to the workdir.
 * In: the effective manifest, the runtime env (sorted pairs), HOME and the workdir (absolute paths).
 * Out: absolute, normalised, sorted folders; a folder strictly below the workdir goes to `afterCopy`,
 * because `COPY . ./` resets the owner of the subfolders it copies (it keeps the one of the folder it
 * copies into: checked with Docker 20.10 BuildKit), the rest to `beforeCopy`.
 */
export function writableFolders(manifest: Manifest, env: [string, string][], home: string, workdir: string, jupyter: EntrypointPlan['jupyter']): FinalizePlan['writable'] {
  const values = new Map(env);
  const cacheVars = ['XDG_CACHE_HOME', 'XDG_CONFIG_HOME', ...(jupyter ? ['JUPYTER_RUNTIME_DIR'] : [])];
  // A folder written into a RUN line and a compose tmpfs entry: only the schema's path characters (no space, `:`, `,` or `$`).
  const caches = cacheVars.map((v) => values.get(v)).filter((v): v is string => !!v && SAFE_PATH.test(v) && isBelow(posix.normalize(v), home)).map((v) => posix.normalize(v));
  const folders = [...(jupyter ? [jupyter.rootDir] : []), ...manifest.project.writable.map((w) => posix.join(workdir, w))].map((f) => posix.normalize(f).replace(/(.)\/+$/, '$1'));
  const unique = (list: string[]) => [...new Set(list)].sort();
  return {
    caches: unique(caches),
    beforeCopy: unique(folders.filter((f) => !isBelow(f, workdir))),
    afterCopy: unique(folders.filter((f) => isBelow(f, workdir))),
  };
}

const SAFE_PATH = /^\/[A-Za-z0-9._@+/-]*$/;

/** True when `path` lies strictly below `folder` (both absolute and normalised). */
export function isBelow(path: string, folder: string): boolean {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return path.startsWith(prefix) && path.length > prefix.length;
}
