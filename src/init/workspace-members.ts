import { ProjectFacts } from '../project/read-project.js';
import type { PythonConstraint } from '../project/python-constraints.js';
import { workspaceMemberFolders } from '../project/uv-workspace-root.js';
import { detectDependencies } from './detect-dependencies.js';
import { decideEntry, type Entry } from './entry.js';

/** The workspace member a manifest at a uv workspace root builds (dependencies.uv.package). */
export interface WorkspaceMember {
  /** The member's folder, relative to the root (`backend`). */
  folder: string;
  /** Its `[project] name`: the value of dependencies.uv.package. */
  name: string;
  /** Its preset and run target, with reasons that name the member's files from the root. */
  entry: Entry;
  /** Its requires-python, relabelled with the path from the root (uv requires every member's to hold). */
  python: PythonConstraint[];
  /** The other members with something to run: each would get a manifest of its own. */
  others: { folder: string; name: string; preset: string }[];
}

/**
 * At the root of a uv workspace whose root project has nothing to run (a virtual root, as in
 * fastapi/full-stack-fastapi-template: `[tool.uv.workspace] members = ["backend"]`, the app in
 * backend/app/main.py), the member init builds: the first member folder, in path order, in which the
 * preset rules find something to run, read with the member's own dependencies (its pyproject.toml).
 * The manifest stays at the root, where the build context holds uv.lock and every member, and builds
 * the member with `uv sync --package NAME` (README, "uv workspaces"). Undefined when the root is not
 * a workspace or no member has anything to run. Pure: `project` is the root's.
 */
export function workspaceMember(project: ProjectFacts, fileList: readonly string[]): WorkspaceMember | undefined {
  const root = project.validPyproject();
  if (root?.uvWorkspaceMembers === undefined) return undefined;
  const found: { folder: string; name: string; entry: Entry; facts: ProjectFacts }[] = [];
  for (const folder of workspaceMemberFolders(root, fileList)) {
    const prefix = `${folder}/`;
    const files = fileList.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
    const facts = new ProjectFacts((p) => project.read(`${prefix}${p}`), files);
    const name = facts.validPyproject()?.name;
    if (!name) continue;
    const deps = detectDependencies(facts);
    const entry = decideEntry(facts, files, { names: deps.names, namesFrom: `${prefix}${deps.namesFrom}` });
    if (entry.found) found.push({ folder, name, entry, facts });
  }
  const [chosen, ...others] = found;
  if (!chosen) return undefined;
  const prefix = `${chosen.folder}/`;
  const entry: Entry = {
    ...chosen.entry,
    // A src layout's PYTHONPATH is the member's, not /app/src: compile adds /app/<member>/src itself (PYENV339).
    ...(chosen.entry.env ? { env: Object.fromEntries(Object.entries(chosen.entry.env).filter(([k]) => k !== 'PYTHONPATH')) } : {}),
    findings: chosen.entry.findings.filter((f) => f.field !== 'env.PYTHONPATH').map((f) => (f.field === 'preset' ? f : { ...f, because: `in ${prefix}: ${f.because}` })),
  };
  if (entry.env && !Object.keys(entry.env).length) delete entry.env;
  const python = chosen.facts
    .pythonConstraints()
    .filter((c) => c.kind === 'requires-python')
    .map((c) => ({ ...c, label: `${prefix}${c.label}`, at: { ...c.at, file: `${prefix}${c.at.file}` } }));
  return { folder: chosen.folder, name: chosen.name, entry, python, others: others.map((o) => ({ folder: o.folder, name: o.name, preset: o.entry.preset })) };
}
