import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { ReadProjectFile } from '../index.js';

/**
 * A ReadProjectFile over the file system, rooted at the manifest's folder. A path that resolves
 * (through symlinks) outside that folder reads as missing, so nothing outside the project can leak
 * into a build plan.
 */
export function projectReader(manifestPath: string): ReadProjectFile {
  const folder = dirname(resolve(manifestPath));
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
  } catch {
    realFolder = folder;
  }
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

/** Reads a manifest's bytes and text (UTF-8, BOM kept for the loader to strip). Undefined when it cannot be read. */
export function readManifest(path: string): { text: string; bytes: Uint8Array } | undefined {
  try {
    const bytes = readFileSync(path);
    return { bytes, text: new TextDecoder('utf-8').decode(bytes) };
  } catch {
    return undefined;
  }
}
