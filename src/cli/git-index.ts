import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** An index larger than this is not read (about 500 000 files); the check it feeds is then skipped. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/**
 * The files git tracks in `folder` (POSIX paths relative to it, sorted), read from the repository's
 * index (https://git-scm.com/docs/index-format, versions 2 to 4); undefined when `folder` is in no
 * repository or the index cannot be read (a split index, an unknown version, a damaged file).
 * git applies .gitignore only to untracked files, so compile warns when a tracked file would be left
 * out of the image by the .gitignore lines it carries (PYENV522). Reads, never runs, git.
 */
export function trackedFiles(folder: string): string[] | undefined {
  try {
    const real = realpathSync(folder);
    const repo = findRepository(real);
    if (!repo) return undefined;
    const paths = cachedIndexPaths(join(repo.gitDir, 'index'));
    if (!paths) return undefined;
    const prefix = relative(repo.workTree, real).split(/[\\/]/).filter(Boolean).join('/');
    if (prefix.startsWith('..') || isAbsolute(prefix)) return undefined;
    const inside = prefix === '' ? paths : paths.filter((p) => p.startsWith(`${prefix}/`)).map((p) => p.slice(prefix.length + 1));
    return [...new Set(inside)].sort();
  } catch {
    return undefined;
  }
}

/** Index files read in this process, by path, with the size and mtime they had: a compile of many manifests reads one once. */
const indexCache = new Map<string, { stamp: string; paths: string[] | undefined }>();

function cachedIndexPaths(file: string): string[] | undefined {
  const stat = statSync(file);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const hit = indexCache.get(file);
  if (hit?.stamp === stamp) return hit.paths;
  const paths = readIndexPaths(file);
  indexCache.set(file, { stamp, paths });
  return paths;
}

/** The work tree and git directory around `start`: the nearest `.git` folder, or `.git` file (`gitdir: …`, a linked worktree or submodule). */
function findRepository(start: string): { workTree: string; gitDir: string } | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    try {
      const stat = statSync(dotGit);
      if (stat.isDirectory()) return { workTree: dir, gitDir: dotGit };
      if (stat.isFile()) {
        const target = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
        return target ? { workTree: dir, gitDir: resolve(dir, target) } : undefined;
      }
    } catch {
      // no .git here: look in the parent
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The paths of an index file's entries (stage 0 and conflict stages alike); undefined when it cannot be read. */
export function readIndexPaths(file: string): string[] | undefined {
  const buffer = readAtMost(file, MAX_INDEX_BYTES);
  if (!buffer || buffer.length < 12 || buffer.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buffer.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = buffer.readUInt32BE(8);
  const paths: string[] = [];
  let offset = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let n = 0; n < count; n++) {
    const start = offset;
    if (offset + 62 > buffer.length) return undefined;
    const mode = buffer.readUInt32BE(offset + 24);
    const flags = buffer.readUInt16BE(offset + 60);
    offset += 62;
    if (version >= 3 && flags & 0x4000) offset += 2;
    let name: Buffer;
    if (version === 4) {
      // The name is the previous one less N trailing bytes, plus a NUL-terminated suffix.
      let byte = buffer[offset++]!;
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        byte = buffer[offset++]!;
        strip = ((strip + 1) << 7) | (byte & 0x7f);
      }
      const end = buffer.indexOf(0, offset);
      if (end < 0 || strip > previous.length) return undefined;
      name = Buffer.concat([previous.subarray(0, previous.length - strip), buffer.subarray(offset, end)]);
      offset = end + 1;
    } else {
      const end = buffer.indexOf(0, offset);
      if (end < 0) return undefined;
      name = buffer.subarray(offset, end);
      // Entries are padded with 1 to 8 NUL bytes to a multiple of eight.
      offset = start + Math.floor((end - start + 8) / 8) * 8;
    }
    previous = name;
    // A sparse index stores a folder outside the sparse checkout as one entry (mode 040000).
    if ((mode & 0o170000) !== 0o040000) paths.push(name.toString('utf8'));
  }
  // A split index keeps most entries in a shared file (extension "link"): the list would be partial.
  for (let at = offset; at + 8 <= buffer.length - 20; ) {
    const signature = buffer.toString('latin1', at, at + 4);
    if (signature === 'link') return undefined;
    at += 8 + buffer.readUInt32BE(at + 4);
  }
  return paths;
}

function readAtMost(file: string, limit: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = Math.min(statSync(file).size, limit + 1);
    const buffer = Buffer.alloc(size);
    let length = 0;
    while (length < size) {
      const read = readSync(fd, buffer, length, size - length, null);
      if (read === 0) break;
      length += read;
    }
    return length > limit ? undefined : buffer.subarray(0, length);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
