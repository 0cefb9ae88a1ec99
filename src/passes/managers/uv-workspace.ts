import { posix } from 'node:path';
import { normalizeName } from '../../project/requirement-spec.js';
import type { PyprojectFacts } from '../../project/pyproject.js';
import type { UvLockFacts } from '../../project/uv-lock.js';
import type { ManagerInput } from './types.js';

/** How a uv project's local code (workspace members, path sources) shapes the builder's two syncs. */
export interface UvLayout {
  /** Manifest-relative paths of the workspace members' pyproject.toml files, copied with uv.lock before the first sync, sorted. */
  memberFiles: string[];
  /**
   * The first sync's flag that leaves local code out, for a workspace or a project with path sources:
   * `--no-install-workspace` (the members and the root) or `--no-install-local` (also path sources
   * outside the workspace). Undefined for a single project without local sources.
   */
  skipLocal?: '--no-install-workspace' | '--no-install-local';
  /** `['--package', NAME]` when the manifest builds one workspace member, else empty. */
  packageArgs: string[];
  /** The workspace members' names as the lock writes them, sorted (for explain and hints). */
  members: string[];
  /** The `--package` member's folder, relative to the build context (from its uv.lock source), when it is not the root. */
  packageRoot?: string;
}

/**
 * Reads the workspace and local sources of a uv project from its uv.lock (`[manifest] members`, and
 * `editable`/`virtual`/`directory`/`path` sources: astral-sh/uv `crates/uv-resolver/src/lock/serialize.rs`)
 * and the root pyproject.toml (`[tool.uv.workspace]`), and checks `dependencies.uv.package`:
 * PYENV336 when there is no workspace or no such member, PYENV337 for local code outside the build
 * context, which Docker cannot copy (https://docs.docker.com/build/concepts/context/).
 * `root` is the pyproject.toml at the root of the build context; paths in the lock are relative to it.
 */
export function resolveUvLayout(input: ManagerInput, lock: UvLockFacts, root: PyprojectFacts | undefined): UvLayout {
  const { ctx, context } = input;
  const memberNames = new Set(lock.members.map(normalizeName));
  const workspace = memberNames.size > 0 || root?.uvWorkspaceMembers !== undefined;
  const inContextRoot = (p: string) => (context === '.' ? p : posix.join(context, p));
  const memberFiles: string[] = [];
  let outsideMembers = false;
  for (const local of lock.local) {
    const path = posix.normalize(local.path);
    if (path === '.') continue;
    if (path.startsWith('../') || path === '..' || posix.isAbsolute(path)) {
      reportOutside(input, local.name, path, root, memberNames.has(normalizeName(local.name)));
      continue;
    }
    if (memberNames.has(normalizeName(local.name))) {
      const file = inContextRoot(posix.join(path, 'pyproject.toml'));
      if (ctx.readFile(file) !== undefined) memberFiles.push(file);
    } else outsideMembers = true;
  }
  const wanted = ctx.manifest.dependencies.uv?.package;
  const packageArgs = wanted === undefined ? [] : checkPackage(input, wanted, lock, workspace, root);
  const skipLocal = outsideMembers ? '--no-install-local' : workspace ? '--no-install-workspace' : undefined;
  const packageRoot = packageArgs.length ? lock.local.find((l) => normalizeName(l.name) === normalizeName(wanted!) && l.kind !== 'path')?.path : undefined;
  const folder = packageRoot === undefined ? undefined : posix.normalize(packageRoot);
  return { memberFiles: memberFiles.sort(), ...(skipLocal ? { skipLocal } : {}), packageArgs, members: [...lock.members].sort(), ...(folder && folder !== '.' && !folder.startsWith('..') ? { packageRoot: folder } : {}) };
}

/** `--package NAME` for a member of the workspace (or its root project); PYENV336 otherwise. */
function checkPackage(input: ManagerInput, wanted: string, lock: UvLockFacts, workspace: boolean, root: PyprojectFacts | undefined): string[] {
  const known = [...lock.members, ...(root?.name && !lock.members.some((m) => normalizeName(m) === normalizeName(root.name!)) ? [root.name] : [])].sort();
  if (workspace && known.some((m) => normalizeName(m) === normalizeName(wanted))) return ['--package', wanted];
  input.ctx.report({
    code: 'PYENV336',
    message: workspace
      ? `dependencies.uv.package "${wanted}" is not a member of the uv workspace (uv.lock lists ${known.join(', ') || 'no members'})`
      : `dependencies.uv.package "${wanted}" needs a uv workspace, and the pyproject.toml at the root of the build context has no [tool.uv.workspace]`,
    hint: workspace
      ? `use one of ${known.join(', ')}, or add the member to [tool.uv.workspace] members and run \`uv lock\``
      : 'remove dependencies.uv.package to build the project itself, or write the manifest at the workspace root (the folder with [tool.uv.workspace] and uv.lock)',
    path: ['dependencies', 'uv', 'package'],
  });
  return [];
}

/** PYENV337: a member or path source outside the build context never reaches the builder. */
function reportOutside(input: ManagerInput, name: string, path: string, root: PyprojectFacts | undefined, member: boolean): void {
  const source = root?.uvLocalSources.find((s) => normalizeName(s.name) === normalizeName(name));
  input.ctx.report({
    code: 'PYENV337',
    message: `uv.lock installs ${name} from ${path}${member ? ' (a workspace member)' : source?.path ? ' ([tool.uv.sources] path)' : ''}, which is outside the build context, so Docker cannot copy it into the build`,
    hint: 'write the manifest (or set project.context) at a folder that contains both the project and that code, such as the workspace root with dependencies.uv.package, or move the code inside the project',
    path: input.detected ? [] : ['dependencies', 'uv'],
    key: true,
  });
}

/**
 * True when a pyproject.toml without a uv.lock beside it is a member of a uv workspace: it takes a
 * dependency `{ workspace = true }` from `[tool.uv.sources]`, which only resolves inside the workspace
 * whose root holds the one uv.lock (https://docs.astral.sh/uv/concepts/projects/workspaces/).
 */
export function isWorkspaceMember(pyproject: PyprojectFacts | undefined): boolean {
  return (pyproject?.uvLocalSources ?? []).some((s) => s.workspace) && pyproject?.uvWorkspaceMembers === undefined;
}
