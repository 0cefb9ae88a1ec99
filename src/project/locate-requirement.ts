import type { FilePosition } from './conda-environment.js';
import { normalizeName } from './requirement-spec.js';

/** A required distribution (PEP 503 name) and, when known, where the project declares it. */
export interface LocatedRequirement {
  name: string;
  at?: FilePosition;
}

/**
 * Finds where a TOML file (pyproject.toml, Pipfile) declares a distribution, so a diagnostic can point
 * at that line: the first line where the name opens a quoted PEP 508 string (`"psycopg2>=2.9"`, PEP 621
 * and PEP 735 lists) or is a key (`psycopg2 = "*"`, Poetry's and Pipenv's tables). Names compare
 * normalised (https://peps.python.org/pep-0503/#normalized-names). Comment lines are skipped.
 * Returns the 1-based line and the column of the name's first character, or undefined.
 */
export function locateInToml(file: string, text: string | undefined, name: string): FilePosition | undefined {
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n|\r/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    if (/^\s*#/.test(raw)) continue;
    const key = /^(\s*)["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(raw);
    if (key && normalizeName(key[2]!) === name) return { file, line: index + 1, column: key[1]!.length + (/^\s*["']/.test(raw) ? 2 : 1) };
    for (const m of raw.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)(?=[\s\[<>=!~;@,"']|$)/g)) {
      if (normalizeName(m[1]!) === name) return { file, line: index + 1, column: m.index! + 2 };
    }
  }
  return undefined;
}

/** The names, each located in the TOML file when it declares it there. */
export function locateAllInToml(file: string, text: string | undefined, names: readonly string[]): LocatedRequirement[] {
  return names.map((name) => {
    const at = locateInToml(file, text, name);
    return at ? { name, at } : { name };
  });
}
