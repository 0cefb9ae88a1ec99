/**
 * Python version specifiers as the tools that read them understand them: PEP 440 (`requires-python`,
 * Pipfile operators: https://packaging.python.org/en/latest/specifications/version-specifiers/) and
 * Poetry's constraints (`^3.10`, `~3.11`, `>=3.9 <4`, `a || b`:
 * https://python-poetry.org/docs/dependency-specification/#version-constraints). Only release numbers
 * are compared; pre-releases are never chosen.
 */

/** A release as numbers, `[3, 11, 4]`. */
export type Release = number[];

/** A test on a Python release; undefined from the parsers when the text is not understood. */
export type PythonTest = (release: Release) => boolean;

/** `"3.11.4"` → `[3, 11, 4]`; undefined when it is not dotted numbers. */
export function parseRelease(text: string): Release | undefined {
  return /^\d+(\.\d+)*$/.test(text.trim()) ? text.trim().split('.').map(Number) : undefined;
}

/** Compares two releases with zero padding (PEP 440: 3.11 == 3.11.0). */
export function compareReleases(a: Release, b: Release): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** True when `release` starts with `prefix` (`3.11.4` is on the `3.11` line). */
export function onReleaseLine(release: Release, prefix: Release): boolean {
  return prefix.every((part, i) => release[i] === part);
}

/**
 * A bare version as `.python-version`, `runtime.txt` and Pipfile `python_version` mean it: only the
 * components given are compared (pypa/pipenv `pipenv/utils/project.py` `_python_version_matches_required`).
 */
export function releaseLineTest(version: string): PythonTest | undefined {
  const prefix = parseRelease(version);
  return prefix ? (r) => onReleaseLine(r, prefix) : undefined;
}

/**
 * Parses a specifier: clauses joined by `,` (PEP 440) or spaces (Poetry) must all hold; Poetry's `||`
 * separates alternatives. A bare version (`3.11`, Poetry's exact form) is read as its release line.
 */
export function parsePythonSpec(spec: string): PythonTest | undefined {
  const alternatives = spec.split('||').map((alt) => {
    const clauses = alt.replace(/(>=|<=|==|!=|~=|>|<|\^|~)\s+/g, '$1').split(/[\s,]+/).filter(Boolean);
    const tests = clauses.map(parseClause);
    return tests.length && tests.every(Boolean) ? (r: Release) => tests.every((t) => t!(r)) : undefined;
  });
  if (!alternatives.length || alternatives.some((a) => a === undefined)) return undefined;
  return (r) => alternatives.some((a) => a!(r));
}

function parseClause(clause: string): PythonTest | undefined {
  if (clause === '*') return () => true;
  const m = /^(>=|<=|==|!=|~=|>|<|\^|~)?(\d+(?:\.\d+)*)(\.\*)?$/.exec(clause);
  if (!m) return undefined;
  const [, op, text, star] = m;
  const v = text!.split('.').map(Number);
  const cmp = (r: Release) => compareReleases(r, v);
  switch (op) {
    case '>=':
      return (r) => cmp(r) >= 0;
    case '>':
      return (r) => cmp(r) > 0;
    case '<=':
      return (r) => cmp(r) <= 0;
    case '<':
      return (r) => cmp(r) < 0;
    case '!=':
      return star ? (r) => !onReleaseLine(r, v) : (r) => cmp(r) !== 0;
    case '==':
      return star ? (r) => onReleaseLine(r, v) : (r) => cmp(r) === 0;
    case '~=':
      // ~=3.10 is >=3.10, ==3.*; ~=3.10.2 is >=3.10.2, ==3.10.* (PEP 440 "Compatible release").
      return v.length < 2 ? undefined : (r) => cmp(r) >= 0 && onReleaseLine(r, v.slice(0, -1));
    case '^':
      // Poetry caret: below the next major (for 3.x; Python has no 0.x).
      return (r) => cmp(r) >= 0 && compareReleases(r, [v[0]! + 1]) < 0;
    case '~':
      // Poetry tilde: ~3 is >=3,<4; ~3.10 and ~3.10.2 stay on 3.10.
      return (r) => cmp(r) >= 0 && onReleaseLine(r, v.slice(0, Math.min(2, v.length)));
    default:
      return star || op === undefined ? (r) => onReleaseLine(r, v) : undefined;
  }
}
