import { posix } from 'node:path';
import type { PyprojectFacts } from './pyproject.js';

/**
 * The uv workspace a project folder is a member of, found above it (trial 3, F5:
 * fastapi/full-stack-fastapi-template keeps `[tool.uv.workspace] members = ["backend"]` and the one
 * uv.lock at the repository root, the app in backend/). The CLI walks up and reads the parents'
 * pyproject.toml files; init and compile get this fact from it, so the core reads nothing above the
 * manifest's folder itself.
 */
export interface EnclosingUvWorkspace {
  /** The workspace root relative to the project folder (`..`, `../..`). */
  root: string;
  /** The project folder relative to the root, POSIX (`backend`, `packages/api`). */
  member: string;
  /** The `[tool.uv.workspace] members` globs, as written. */
  members: string[];
  /** True when the root has a uv.lock. */
  locked: boolean;
}

/**
 * True when a folder (POSIX, relative to the workspace root) is a member: some `members` glob matches
 * it and no `exclude` glob does (https://docs.astral.sh/uv/concepts/projects/workspaces/: "Every
 * directory included by the members globs (and not excluded by the exclude globs) must contain a
 * pyproject.toml file"). The root itself is never its own member.
 */
export function isWorkspaceMemberFolder(root: Pick<PyprojectFacts, 'uvWorkspaceMembers' | 'uvWorkspaceExclude'>, folder: string): boolean {
  const path = normal(folder);
  if (!path || path === '.' || path.startsWith('..')) return false;
  return (root.uvWorkspaceMembers ?? []).some((g) => matchesGlob(g, path)) && !(root.uvWorkspaceExclude ?? []).some((g) => matchesGlob(g, path));
}

/**
 * The member folders of a workspace root among the folders of a file list (each holding a
 * pyproject.toml), sorted. `files` are POSIX paths relative to the root.
 */
export function workspaceMemberFolders(root: Pick<PyprojectFacts, 'uvWorkspaceMembers' | 'uvWorkspaceExclude'>, files: readonly string[]): string[] {
  return files
    .filter((f) => f.endsWith('/pyproject.toml'))
    .map((f) => f.slice(0, -'/pyproject.toml'.length))
    .filter((d) => isWorkspaceMemberFolder(root, d))
    .sort();
}

/**
 * A glob as uv's workspace globs read it (the `glob` crate: `*` and `?` within one path segment,
 * `**` for any number of segments, `[...]` classes), matched against a whole relative folder path.
 */
export function matchesGlob(glob: string, path: string): boolean {
  const parts = normal(glob).split('/');
  const source = parts
    .map((part, i) => {
      if (part === '**') return i === parts.length - 1 ? '.*' : '(?:[^/]+/)*';
      const segment = part.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
      return i === parts.length - 1 ? segment : `${segment}/`;
    })
    .join('');
  try {
    return new RegExp(`^${source}$`).test(normal(path));
  } catch {
    return false;
  }
}

function normal(path: string): string {
  return posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '').replace(/\/+$/, '');
}
