import { posix } from 'node:path';
import { visit } from 'yaml';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { LoadedManifest } from './load.js';
import { normalizeRelative } from './paths.js';

/** The PYENV201 problem for a project path that leaves the build context through a symbolic link. */
export function symlinkEscape(what: string, path: string, cause: string): Omit<DiagnosticInput, 'path' | 'at'> {
  return {
    code: 'PYENV201',
    message: `${what} "${path}" leaves the build context through a symbolic link (${cause})`,
    hint: 'Docker does not follow links out of the build context: copy the file or folder into the project instead of linking to it',
  };
}

/**
 * Where a project file that a pass read is named: a manifest value equal to the path, else a line of
 * an already read project file (a `-r` include) naming it, else the top of the manifest (a file found
 * by detection). Files are manifest-relative; '' is the manifest. Used for problems found while reading, where the pass did not say which value it was.
 */
export function findPathMention(loaded: LoadedManifest, read: ReadonlyMap<string, string>, path: string): NonNullable<DiagnosticInput['at']> {
  let offset: number | undefined;
  visit(loaded.document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && normalizeRelative(node.value) === path && node.range) {
        offset = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (offset !== undefined) {
    const pos = loaded.lineCounter.linePos(offset);
    return { file: '', line: pos.line, column: pos.col };
  }
  const base = posix.basename(path);
  for (const [file, text] of read) {
    const lines = text.split(/\r\n|\r|\n/);
    const index = lines.findIndex((l) => l.includes(base) && !/^\s*#/.test(l));
    if (index >= 0) return { file, line: index + 1, column: lines[index]!.indexOf(base) + 1 };
  }
  return { file: '', line: 1, column: 1 };
}
