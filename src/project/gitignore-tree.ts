import { dockerignoreMatcher, matchesItself } from '../manifest/dockerignore-matcher.js';
import { translateGitignore, type TranslatedLine, type UntranslatedLine } from './gitignore.js';

/** A translated line with the .gitignore it came from (its path relative to the build context). */
export interface TreeLine extends TranslatedLine {
  file: string;
}

/**
 * Translates the .gitignore files of a build context, given by their paths relative to it, in the
 * order git gives them precedence: a folder's file after its parents' ("patterns in the higher level
 * files are overridden by those in lower level files"), which plain code-unit order of the folder
 * paths gives. A .gitignore inside a folder its parents' patterns exclude is skipped: git never
 * enters that folder, so it never reads the file, and its `!` lines would otherwise re-include files
 * in Docker. So is a nested .gitignore that excludes itself (`*`, which coverage.py, pytest, mypy,
 * ruff and virtualenv write into the folders they create): git never commits it, a fresh clone has
 * none, and the generated file must be the same in that clone as on the machine that ran the tools.
 * Pure.
 */
export function translateGitignoreTree(files: readonly { path: string; text: string }[]): { lines: TreeLine[]; skipped: (UntranslatedLine & { file: string })[] } {
  const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  const ordered = [...files].sort((a, b) => (folderOf(a.path) < folderOf(b.path) ? -1 : folderOf(a.path) > folderOf(b.path) ? 1 : 0));
  const lines: TreeLine[] = [];
  const skipped: (UntranslatedLine & { file: string })[] = [];
  for (const file of ordered) {
    const folder = folderOf(file.path);
    if (folder !== '' && folderExcluded(lines, folder)) continue;
    const result = translateGitignore(file.text, folder);
    if (folder !== '' && ignoresItself(result.lines, file.path)) continue;
    lines.push(...result.lines.map((l) => ({ ...l, file: file.path })));
    skipped.push(...result.skipped.map((s) => ({ ...s, file: file.path })));
  }
  // A `!` line whose files all lie in a folder git excludes has no effect in git, and would bring
  // them back in Docker (`logs/` then `!logs/.gitkeep`): it is left out. Leaving out a `!` line only
  // excludes more, and only below that excluded folder, so no other line's meaning changes.
  const dead = lines.filter((l) => {
    const folder = literalFolder(l.pattern);
    return folder !== undefined && folderExcluded(lines, folder);
  });
  for (const l of dead) skipped.push({ file: l.file, line: l.line, column: 1, text: l.text, reason: `git cannot re-include a file inside an excluded folder, and ${literalFolder(l.pattern)}/ is excluded, so the line has no effect in git (write ${literalFolder(l.pattern)}/* instead of ${literalFolder(l.pattern)}/ to exclude only what is inside)` });
  return { lines: lines.filter((l) => !dead.includes(l)), skipped: skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)) };
}

/** The folder a `!` line's files all lie in, when the line starts with plain names (`!logs/.gitkeep` → logs). */
function literalFolder(pattern: string): string | undefined {
  if (!pattern.startsWith('!')) return undefined;
  const segments = pattern.slice(1).split('/');
  const names: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (/[*?[\\]/.test(s)) break;
    names.push(s);
  }
  return names.length ? names.join('/') : undefined;
}

/** Whether a .gitignore's own lines exclude the file itself (and so, untracked, it stays on one machine). */
function ignoresItself(lines: readonly TranslatedLine[], path: string): boolean {
  return lines.length > 0 && dockerignoreMatcher(lines.map((l) => l.pattern)).ignores(path);
}

/**
 * Whether git excludes `folder` (relative to the context), by the translated lines: git walks down
 * from the root and stops at the first folder whose last matching line excludes it ("It is not
 * possible to re-include a file if a parent directory of that file is excluded"). A folder-only
 * line is read without the `/**` that stands for "folder" in Docker's syntax.
 */
export function folderExcluded(lines: readonly TranslatedLine[], folder: string): boolean {
  const parts = folder.split('/');
  return parts.some((_, i) => {
    const prefix = parts.slice(0, i + 1).join('/');
    let excluded = false;
    for (const l of lines) {
      const negated = l.pattern.startsWith('!');
      const body = negated ? l.pattern.slice(1) : l.pattern;
      if (matchesItself(l.folderOnly ? body.slice(0, -'/**'.length) : body, prefix)) excluded = !negated;
    }
    return excluded;
  });
}
