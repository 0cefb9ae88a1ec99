import { posix } from 'node:path';

/**
 * Normalises a manifest path (relative to the manifest's folder) to POSIX form without `./`.
 * Returns `undefined` when it is absolute or climbs out of the folder with `..` — such paths are
 * errors (PYENV201): a Docker build cannot see files outside its build context
 * (https://docs.docker.com/build/concepts/context/).
 */
export function normalizeRelative(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\')) return undefined;
  const normal = posix.normalize(path.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../')) return undefined;
  return normal === '.' || normal === './' ? '.' : normal.replace(/^\.\//, '');
}

/** `path` (normalised, relative to the manifest folder) expressed relative to the build context `context`; undefined when outside. */
export function relativeToContext(path: string, context: string): string | undefined {
  if (context === '.') return path;
  const rel = posix.relative(context, path);
  if (rel === '' ) return '.';
  if (rel.startsWith('..') || posix.isAbsolute(rel)) return undefined;
  return path.endsWith('/') && !rel.endsWith('/') ? `${rel}/` : rel;
}
