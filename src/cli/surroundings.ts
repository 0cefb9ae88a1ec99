// What the CLI reads around a project folder, beside what it lists inside it, for init and compile
// (the core reads nothing above a manifest's folder itself).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parsePyproject } from '../project/pyproject.js';
import { isWorkspaceMemberFolder, type EnclosingUvWorkspace } from '../project/uv-workspace-root.js';

/** How many folders above a project `pyenvc` looks for the uv workspace root it belongs to. */
const MAX_LEVELS = 4;
/** A pyproject.toml larger than this is not read (a real one is a few KiB). */
const MAX_BYTES = 1024 * 1024;

/**
 * The uv workspace whose members include `folder` (see EnclosingUvWorkspace): the nearest parent,
 * at most MAX_LEVELS up, whose pyproject.toml has `[tool.uv.workspace]` members matching the folder.
 * The walk stops at a folder holding `.git` (the repository's root) and at the file system's root.
 * Undefined when there is none, or when the folder has its own uv.lock (then it is locked on its own).
 */
export function findEnclosingUvWorkspace(folder: string): EnclosingUvWorkspace | undefined {
  if (existsSync(join(folder, 'uv.lock')) || existsSync(join(folder, '.git'))) return undefined;
  let current = folder;
  for (let level = 1; level <= MAX_LEVELS; level++) {
    const parent = dirname(current);
    if (parent === current) return undefined;
    const text = readSmall(join(parent, 'pyproject.toml'));
    const root = text === undefined ? undefined : parsePyproject(text);
    const member = relative(parent, folder).split(sep).join('/');
    if (root?.uvWorkspaceMembers !== undefined) {
      if (!isWorkspaceMemberFolder(root, member)) return undefined;
      return { root: Array.from({ length: level }, () => '..').join('/'), member, members: root.uvWorkspaceMembers, locked: existsSync(join(parent, 'uv.lock')) };
    }
    if (existsSync(join(parent, '.git'))) return undefined;
    current = parent;
  }
  return undefined;
}

/** Names of the files directly in the folder above `folder` (none at the file system's root or when unreadable), sorted. */
export function parentFileNames(folder: string): string[] {
  const parent = dirname(folder);
  if (parent === folder) return [];
  try {
    return readdirSync(parent, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function readSmall(path: string): string | undefined {
  try {
    return statSync(path).isFile() && statSync(path).size <= MAX_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The CompileInput fields about what lies above a manifest's folder. */
export function surroundingsOf(manifestPath: string): { uvWorkspace?: EnclosingUvWorkspace } {
  const uvWorkspace = findEnclosingUvWorkspace(dirname(resolve(manifestPath)));
  return uvWorkspace ? { uvWorkspace } : {};
}
