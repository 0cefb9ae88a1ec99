import { lstatSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { SCHEMA } from '../generated/assets.js';
import { writeAllAtomically } from './atomic.js';

/** What writing the schema file did, or why it did not. */
export type SchemaWrite = { kind: 'created' | 'updated' | 'unchanged'; target: string } | { kind: 'refused'; target: string; reason: string; fix: string };

/** The schema as written to stdout or a file: two-space JSON, one final newline. */
export function schemaText(): string {
  return `${JSON.stringify(SCHEMA, null, 2)}\n`;
}

/**
 * Writes the manifest's JSON Schema (`text`, default: pyenvc's own, identified by `schemaId`) to `path` (relative to the current folder
 * or absolute), creating folders, atomically. It replaces only an earlier copy of this schema (a JSON
 * file with the same `$id`, any version); anything else, a symbolic link or a folder is refused,
 * so a user's file is never lost. Returns what happened; throws only on I/O errors.
 */
export function writeSchemaFile(path: string, text = schemaText(), schemaId = String((SCHEMA as { $id?: string }).$id)): SchemaWrite {
  const target = resolve(path);
  let stat;
  try {
    stat = lstatSync(target);
  } catch {
    writeAllAtomically([{ target, contents: text, mode: 0o644 }]);
    return { kind: 'created', target };
  }
  if (stat.isSymbolicLink() || !stat.isFile()) return { kind: 'refused', target, reason: `${path} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}`, fix: 'remove it, or name another path' };
  const current = readFileSync(target, 'utf8');
  if (current === text) return { kind: 'unchanged', target };
  let id: unknown;
  try {
    id = (JSON.parse(current) as { $id?: unknown }).$id;
  } catch {
    id = undefined;
  }
  if (id !== schemaId) return { kind: 'refused', target, reason: `${path} exists and is not pyenvc's schema (its $id is not ${schemaId})`, fix: 'move it away, or name another path' };
  writeAllAtomically([{ target, contents: text, mode: 0o644 }]);
  return { kind: 'updated', target };
}

/**
 * The modeline a manifest at `manifestPath` needs to find the schema at `schemaPath`: the path
 * relative to the manifest's folder, which is how yaml-language-server resolves a relative
 * `$schema=` (https://github.com/redhat-developer/yaml-language-server#using-inlined-schema).
 */
export function schemaModeline(manifestPath: string, schemaPath: string): string {
  let rel = relative(dirname(resolve(manifestPath)), resolve(schemaPath)).split(sep).join('/');
  if (!rel.startsWith('./') && !rel.startsWith('../')) rel = `./${rel}`;
  return `# yaml-language-server: $schema=${rel}`;
}
