import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes a file's bytes; injectable so tests can make a write fail half-way. */
export type WriteFileFn = (path: string, contents: string, mode: number) => void;

const defaultWrite: WriteFileFn = (path, contents, mode) => {
  writeFileSync(path, contents, { mode });
  chmodSync(path, mode); // the umask may have cleared bits (the entrypoint must stay 0755)
};

/**
 * Writes all files or none: every file first goes to a temporary sibling, and only when all are
 * written are they renamed over their targets (rename is atomic on one file system). On any failure
 * the temporary files are removed and earlier files are left as they were; the error is rethrown.
 */
export function writeAllAtomically(files: readonly { target: string; contents: string; mode: number }[], write: WriteFileFn = defaultWrite, tag = `${process.pid}`): void {
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const file of files) {
      mkdirSync(dirname(file.target), { recursive: true });
      const temp = `${file.target}.pyenvc-${tag}.tmp`;
      staged.push({ temp, target: file.target });
      write(temp, file.contents, file.mode);
    }
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw error;
  }
  for (const s of staged) renameSync(s.temp, s.target);
}
