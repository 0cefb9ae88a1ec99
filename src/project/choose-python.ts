import { PUBLISHED_PYTHON } from '../catalog/python-images.js';
import type { PythonConstraint } from './python-constraints.js';
import { parseRelease, type Release } from './python-spec.js';

/** What the project's constraints decide for python.version. */
export type PythonChoice =
  | { version: string; because: string }
  /** No published release line satisfies all of them together. */
  | { conflict: string };

/**
 * The release a python.version stands for when testing it against a constraint: a full `3.11.4` is
 * itself; a release line `3.11` is the newest patch the official image carries (PUBLISHED_PYTHON), or
 * patch 99 for a line the catalog does not list. Undefined when it is not a version.
 */
export function releaseOf(version: string): Release | undefined {
  const release = parseRelease(version);
  if (!release || release.length !== 2) return release;
  const published = PUBLISHED_PYTHON.find((p) => p.version === version);
  return published ? parseRelease(published.latest) : [...release, 99];
}

/** The constraints a python.version does not satisfy, in collection order. */
export function contradicted(version: string, constraints: readonly PythonConstraint[]): PythonConstraint[] {
  const release = releaseOf(version);
  if (!release) return [];
  return constraints.filter((c) => !c.test(release) || (c.exact !== undefined && version !== c.exact));
}

/**
 * Chooses python.version from the project's constraints (issue 11 item 6): an exact release one of them
 * insists on (Pipfile `python_full_version`, conda `python==3.12.1`) when the others allow it; otherwise
 * the newest release line in PUBLISHED_PYTHON that satisfies all of them, maintained lines first (a line
 * docker-library/python no longer builds is chosen only when nothing newer fits). Undefined when there
 * are no constraints; `conflict` names them when no line fits.
 */
export function choosePython(constraints: readonly PythonConstraint[]): PythonChoice | undefined {
  if (!constraints.length) return undefined;
  const named = constraints.map((c) => c.label).join(', ');
  const exact = constraints.find((c) => c.exact !== undefined)?.exact;
  if (exact) {
    return contradicted(exact, constraints).length ? { conflict: `no Python satisfies all of ${named}` } : { version: exact, because: `${constraints.find((c) => c.exact)!.label} asks for exactly that release` };
  }
  const ordered = [...PUBLISHED_PYTHON].reverse().sort((a, b) => Number(b.maintained) - Number(a.maintained));
  const fits = ordered.filter((p) => !contradicted(p.version, constraints).length);
  const fit = fits[0];
  if (!fit) return { conflict: `no published Python (${PUBLISHED_PYTHON.map((p) => p.version).join(', ')}) satisfies all of ${named}` };
  return { version: fit.version, because: fits.length === 1 ? `${named} ${constraints.length === 1 ? 'allows' : 'allow'} only ${fit.version}` : `the newest published Python that satisfies ${named}` };
}
