import { chmodSync, constants, copyFileSync, existsSync, mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes a file's bytes; injectable so tests can make a write fail half-way. */
export type WriteFileFn = (path: string, contents: string, mode: number) => void;

/** Renames a file over another; injectable so tests can make the commit phase fail half-way. */
export type RenameFn = (from: string, to: string) => void;

/**
 * `wx` creates the file and fails if anything exists at the path, a symbolic link included, so a
 * link planted at the temporary name cannot redirect the write outside the output folder.
 */
const defaultWrite: WriteFileFn = (path, contents, mode) => {
  writeFileSync(path, contents, { mode, flag: 'wx' });
  chmodSync(path, mode); // the umask may have cleared bits (the entrypoint must stay 0755)
};

/**
 * Writes all files or none. Every file first goes to a temporary sibling; only when all are written
 * are they renamed over their targets (rename is atomic on one file system), each existing target
 * first moved to a backup sibling. On any failure the temporary files are removed, targets already
 * replaced get their backups back, folders this call created are removed again, and the error is
 * rethrown: every file is left as it was.
 * A file with `keep` has its current target copied there first (a copy that stays, for a replaced
 * file pyenvc did not write); the copy is exclusive (COPYFILE_EXCL), so an existing file at `keep`
 * is never overwritten: the call fails and rolls back instead. A failed call removes its copies.
 */
export function writeAllAtomically(
  files: readonly { target: string; contents: string; mode: number; keep?: string }[],
  write: WriteFileFn = defaultWrite,
  tag = `${process.pid}`,
  rename: RenameFn = renameSync,
): void {
  const createdFolders: { top: string; deepest: string }[] = [];
  const staged: Staged[] = [];
  const committed: Staged[] = [];
  const kept: string[] = [];
  try {
    for (const file of files) {
      if (!file.keep) continue;
      copyFileSync(file.target, file.keep, constants.COPYFILE_EXCL);
      kept.push(file.keep);
    }
    for (const file of files) {
      const made = mkdirSync(dirname(file.target), { recursive: true });
      if (made) createdFolders.push({ top: made, deepest: dirname(file.target) });
      const entry = { temp: `${file.target}.pyenvc-${tag}.tmp`, backup: `${file.target}.pyenvc-${tag}.bak`, target: file.target, existed: existsSync(file.target) };
      staged.push(entry);
      write(entry.temp, file.contents, file.mode);
    }
    for (const entry of staged) {
      if (entry.existed) rename(entry.target, entry.backup);
      committed.push(entry);
      rename(entry.temp, entry.target);
    }
  } catch (error) {
    rollBack(staged, committed, createdFolders, rename);
    for (const copy of kept) rmSync(copy, { force: true });
    throw error;
  }
  for (const entry of staged) if (entry.existed) rmSync(entry.backup, { force: true });
}

type Staged = { temp: string; backup: string; target: string; existed: boolean };

function rollBack(staged: Staged[], committed: Staged[], createdFolders: { top: string; deepest: string }[], rename: RenameFn): void {
  for (const entry of [...committed].reverse()) {
    try {
      const movedIn = !existsSync(entry.temp);
      if (movedIn && !entry.existed) rmSync(entry.target, { force: true });
      if (entry.existed && existsSync(entry.backup)) rename(entry.backup, entry.target);
    } catch {
      // Keep restoring the others; the original error is what the user needs to see.
    }
  }
  for (const entry of staged) rmSync(entry.temp, { force: true });
  for (const { top, deepest } of createdFolders.reverse()) removeEmptyFolders(top, deepest);
}

/** Removes the folders mkdirSync created, from `deepest` up to `top`, as long as they are empty. */
function removeEmptyFolders(top: string, deepest: string): void {
  for (let folder = deepest; ; folder = dirname(folder)) {
    try {
      rmdirSync(folder);
    } catch {
      return; // not empty (something else lives there) or already gone
    }
    if (folder === top || dirname(folder) === folder) return;
  }
}
