// What the CLI reads around a project folder, beside what it lists inside it, for init and compile
// (the core reads nothing above a manifest's folder itself).
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Names of the files directly in the folder above `folder` (none at the file system's root or when unreadable), sorted. */
export function parentFileNames(folder: string): string[] {
  const parent = dirname(folder);
  if (parent === folder) return [];
  try {
    return readdirSync(parent, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}
