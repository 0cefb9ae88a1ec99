import fg from 'fast-glob';
import { closeSync, lstatSync, openSync, readFileSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import { MAX_MANIFEST_BYTES } from '../manifest/raw-input.js';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { CheckProjectPath, ReadProjectFile } from '../index.js';
import { SKIPPED_FOLDERS } from '../project/skipped-folders.js';

/**
 * A ReadProjectFile over the file system, rooted at the manifest's folder. A path that resolves
 * (through symlinks) outside that folder reads as missing, so nothing outside the project can leak
 * into a build plan.
 */
export function projectReader(manifestPath: string): ReadProjectFile {
  const folder = dirname(resolve(manifestPath));
  const realFolder = realOrSelf(folder);
  return (relativePath) => {
    const target = resolve(folder, relativePath);
    try {
      const real = realpathSync(target);
      const rel = relative(realFolder, real);
      if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
      if (!statSync(real).isFile()) return undefined;
      return readFileSync(real, 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * A CheckProjectPath over the file system: names the symbolic link through which a path inside the
 * manifest's folder resolves to a place outside it. Missing paths and dangling links are left to the
 * reader (they read as missing).
 */
export function projectPathChecker(manifestPath: string): CheckProjectPath {
  const folder = dirname(resolve(manifestPath));
  const realFolder = realOrSelf(folder);
  return (relativePath) => {
    const target = resolve(folder, relativePath);
    let real: string;
    try {
      real = realpathSync(target);
    } catch {
      return undefined;
    }
    const rel = relative(realFolder, real);
    if (!rel.startsWith('..') && !isAbsolute(rel)) return undefined;
    const parts = relative(folder, target).split(/[\\/]/);
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      try {
        if (lstatSync(resolve(folder, prefix)).isSymbolicLink()) return `"${prefix}" is a symbolic link to ${readlinkSync(resolve(folder, prefix))}`;
      } catch {
        break;
      }
    }
    return `it resolves to ${real}`;
  };
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Reads a manifest's bytes and text (UTF-8; the decoder drops a BOM). Reads at most one byte more
 * than the loader accepts, so a huge file or a device such as /dev/zero is refused as too large
 * instead of being read whole. Undefined when it cannot be read.
 */
export function readManifest(path: string): { text: string; bytes: Uint8Array } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(MAX_MANIFEST_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) break;
    }
    const bytes = buffer.subarray(0, length);
    return { bytes, text: new TextDecoder('utf-8').decode(bytes) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The files of a project folder as init and compile see them: POSIX paths relative to `folder`,
 * three folder levels deep, dot files included, symbolic links not followed, tool and environment
 * folders (SKIPPED_FOLDERS) left out; sorted, so every machine gets the same list.
 */
export function listProjectFiles(folder: string): string[] {
  return fg.sync('**/*', { cwd: folder, dot: true, onlyFiles: true, deep: 3, followSymbolicLinks: false, suppressErrors: true, ignore: SKIPPED_FOLDERS.map((d) => `**/${d}/**`) }).sort();
}
