import { posix } from 'node:path';
import type { ProjectFacts } from '../project/read-project.js';

/**
 * The folders at the build context's root where Python packaging writes its output: `dist/` (wheels and
 * sdists from `python -m build`, `poetry build`, `uv build`, `hatch build`) and `build/` (setuptools'
 * intermediate tree, whose stale `build/lib` files end up in the next wheel).
 */
export const PACKAGING_OUTPUT_FOLDERS = ['build', 'dist'] as const;

/** What packaging tools put directly in dist/: wheels, sdists, old eggs. */
const DIST_ARTIFACT = /^[^/]+\.(whl|tar\.gz|zip|egg)$/;

/** What setuptools puts directly in build/: `lib`, `lib.<platform>`, `bdist.<platform>`, `temp.<platform>`, `scripts-<version>`. */
const BUILD_ARTIFACT = /^(lib|bdist|temp|scripts)([.-][^/]*)?(\/|$)/;

/**
 * The packaging output folders the .dockerignore baseline excludes (issue 12 item 5: an old wheel
 * in dist/ was installed with the new one). A folder stays in the build context when the project
 * needs it: it is a Python package (`<folder>/__init__.py`), a path in `needed` (dependency files,
 * copied paths, the entrypoint script; build-context relative) is inside it, or the folder listing
 * shows files packaging tools do not write there (a web front end built into `build/` or `dist/`).
 * Without a listing (in-memory compiles), only the first two rules apply.
 * Returns build-context-relative folder names, in PACKAGING_OUTPUT_FOLDERS order.
 */
export function packagingOutputIgnores(project: ProjectFacts, context: string, needed: readonly string[]): string[] {
  const inContext = (p: string) => (context === '.' ? p : posix.join(context, p));
  return PACKAGING_OUTPUT_FOLDERS.filter((folder) => {
    if (project.has(inContext(`${folder}/__init__.py`))) return false;
    if (needed.some((p) => p.replace(/\/+$/, '') === folder || p.startsWith(`${folder}/`))) return false;
    const prefix = `${inContext(folder)}/`;
    const inside = (project.files ?? []).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
    const artifact = folder === 'dist' ? DIST_ARTIFACT : BUILD_ARTIFACT;
    return inside.every((f) => artifact.test(f));
  });
}
