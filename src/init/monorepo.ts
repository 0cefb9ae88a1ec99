/**
 * Monorepo roots (issue 11, item 8): a folder with no project of its own (no dependency file and no
 * Python file or notebook at its top level) whose subfolders hold projects. `pyenvc init` then lists
 * those folders with the command for each instead of writing a manifest for an empty `python main.py`
 * image. Pure: works on the folder's file list (POSIX paths, three levels).
 */

/** Files that make a folder a Python project. */
const PROJECT_FILE = /^(requirements[^/]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|environment\.ya?ml|manage\.py)$/;

/** The project folders below a root that has no project of its own, sorted; [] when the root is a project. */
export function projectFolders(files: readonly string[]): { folder: string; because: string }[] {
  const top = files.filter((f) => !f.includes('/'));
  if (top.some((f) => PROJECT_FILE.test(f) || f.endsWith('.py') || f.endsWith('.ipynb'))) return [];
  const found = new Map<string, string>();
  for (const f of files) {
    const slash = f.lastIndexOf('/');
    if (slash < 0) continue;
    const folder = f.slice(0, slash);
    const name = f.slice(slash + 1);
    if (!PROJECT_FILE.test(name) || folder.split('/').some((p) => p.startsWith('.'))) continue;
    // the shallowest folder wins: services/api/requirements.txt, not services/api/requirements/dev.txt
    if ([...found.keys()].some((k) => folder.startsWith(`${k}/`))) continue;
    for (const k of [...found.keys()]) if (k.startsWith(`${folder}/`)) found.delete(k);
    if (!found.has(folder)) found.set(folder, `${f} exists`);
  }
  return [...found.entries()].map(([folder, because]) => ({ folder, because })).sort((a, b) => (a.folder < b.folder ? -1 : 1));
}
