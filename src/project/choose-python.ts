import { END_OF_LIFE_PYTHON } from '../catalog/images.js';
import { DEFAULT_PYTHON, PUBLISHED_PYTHON, TOOL_PYTHON_FLOORS, type ToolPythonFloor } from '../catalog/python-images.js';
import type { PythonConstraint } from './python-constraints.js';
import { compareReleases, parseRelease, type Release } from './python-spec.js';

/** What the project's constraints decide for python.version. */
export type PythonChoice =
  | { version: string; because: string }
  /** No published release line satisfies all of them together. */
  | { conflict: string };

/** The lowest Python the manager's tool runs on, as choosePython weighs it. */
export interface PythonFloor {
  /** `3.X`. */
  minimum: string;
  /** How it reads in a message: `poetry 2.4.1 (which needs Python 3.10 or newer)`. */
  label: string;
}

/** What else weighs on the choice besides the project's own constraints. */
export interface PythonChoiceOptions {
  /** The installed tool's floor (TOOL_PYTHON_FLOORS): a line below it would fail the build (PYENV333). */
  floor?: PythonFloor;
  /**
   * A weak hint, never a constraint: the `FROM python:3.X` of the hand-written Dockerfile that
   * pyenvc's replaces (trial 3, F4). It is followed when the constraints and the floor allow that line
   * and it is supported; otherwise the supported line nearest to it is chosen, and the reason says why.
   */
  hint?: PythonConstraint;
}

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

/** True when the version is at or above the floor (always, without one). */
export function meetsFloor(version: string, floor: PythonFloor | undefined): boolean {
  const release = releaseOf(version);
  return !floor || !release || compareReleases(release, parseRelease(floor.minimum)!) >= 0;
}

/**
 * The TOOL_PYTHON_FLOORS row for a release of a tool: the last row whose `since` is at or below it
 * (numeric comparison, `2026.6.0` ≥ `2025.1.0`). Undefined for a release older than every row.
 */
export function toolPythonFloor(tool: keyof typeof TOOL_PYTHON_FLOORS, release: string): ToolPythonFloor | undefined {
  const pinned = parseRelease(release) ?? [];
  return [...TOOL_PYTHON_FLOORS[tool]].reverse().find((f) => compareReleases(pinned, parseRelease(f.since) ?? []) >= 0);
}

/** The floor of a tool release as choosePython takes it; undefined when the tool has no row for it. */
export function pythonFloorOf(tool: keyof typeof TOOL_PYTHON_FLOORS, release: string): PythonFloor | undefined {
  const floor = toolPythonFloor(tool, release);
  return floor ? { minimum: floor.minimum, label: `${tool} ${release} (which needs Python ${floor.minimum} or newer)` } : undefined;
}

/** True for a line that still gets fixes: docker-library/python builds it and it is not past end of life (https://devguide.python.org/versions/). */
function supported(version: string): boolean {
  return PUBLISHED_PYTHON.some((p) => p.version === version && p.maintained) && !END_OF_LIFE_PYTHON.includes(version);
}

/**
 * Chooses python.version from the project's constraints (issue 11 item 6; trial 3, F4 and F11):
 * - an exact release one of them insists on (Pipfile `python_full_version`, conda `python==3.12.1`),
 *   when the others and the floor allow it;
 * - otherwise, among the release lines of PUBLISHED_PYTHON that satisfy every constraint and the
 *   tool's floor, the supported ones (maintained and not past end of life; an unsupported line only
 *   when nothing supported fits), the one nearest to the target: the hint's line when there is a hint,
 *   else DEFAULT_PYTHON, the line a project without constraints gets. So an open-ended
 *   `requires-python = ">=3.9"` gives the default, like no constraint at all, and a range that
 *   excludes the default gives its line nearest to it (the newer one on a tie).
 * Undefined when there are neither constraints nor a hint; `conflict` names them when no line fits.
 */
export function choosePython(constraints: readonly PythonConstraint[], options: PythonChoiceOptions = {}): PythonChoice | undefined {
  const { floor, hint } = options;
  if (!constraints.length && !hint) return undefined;
  const named = constraints.map((c) => c.label).join(', ');
  const all = [named, floor?.label].filter(Boolean).join(' and ');
  const exact = constraints.find((c) => c.exact !== undefined);
  if (exact) {
    return contradicted(exact.exact!, constraints).length || !meetsFloor(exact.exact!, floor) ? { conflict: `no Python satisfies all of ${all}` } : { version: exact.exact!, because: `${exact.label} asks for exactly that release` };
  }
  const allowed = PUBLISHED_PYTHON.map((p) => p.version).filter((v) => !contradicted(v, constraints).length);
  const fits = allowed.filter((v) => meetsFloor(v, floor));
  if (!fits.length) return { conflict: `no published Python (${PUBLISHED_PYTHON.map((p) => p.version).join(', ')}) satisfies all of ${all}` };
  const good = fits.filter(supported);
  const pool = good.length ? good : fits;
  const hinted = hint ? hint.spec : undefined;
  const version = nearest(pool, hinted ?? DEFAULT_PYTHON);
  const allow = constraints.length === 1 ? 'allows' : 'allow';
  if (hint && hinted === version) return { version, because: `${hint.label} runs it today${named ? ` and ${named} ${allow} it` : ''}` };
  const base =
    pool.length === 1 && named
      ? `${fits.length < allowed.length ? `${all} allow` : `${named} ${allow}`} only ${version}${good.length ? '' : ', past end of life'}`
      : hint
        ? `the ${good.length ? 'supported' : 'published'} Python nearest to the ${hinted} of ${hint.label}${named ? ` that ${named} ${allow}` : ''}`
        : version === DEFAULT_PYTHON
          ? `the default, which ${named} ${allow}`
          : `the ${good.length ? 'supported' : 'published'} Python nearest to the default ${DEFAULT_PYTHON} that ${named} ${allow}`;
  if (!hint) return { version, because: base };
  const replaced = base.includes(hint.label) ? 'that Dockerfile is the one pyenvc replaces' : `${hint.label.replace(/^Dockerfile /, '')} is in the Dockerfile pyenvc replaces`;
  return { version, because: `${base}; ${replaced}, and ${hinted} ${whyNot(hinted!, constraints, floor)}` };
}

/** Why a hinted line was not taken, for the reason. */
function whyNot(version: string, constraints: readonly PythonConstraint[], floor: PythonFloor | undefined): string {
  const against = contradicted(version, constraints);
  if (against.length) return `does not satisfy ${against.map((c) => c.label).join(', ')}`;
  if (!meetsFloor(version, floor)) return `is below the minimum of ${floor!.label.split(' (')[0]}`;
  if (END_OF_LIFE_PYTHON.includes(version)) return 'is past end of life';
  return 'has no maintained official image';
}

/** The version in `pool` (ascending release lines) nearest to `target`; the newer one on a tie. */
function nearest(pool: readonly string[], target: string): string {
  const minor = (v: string) => Number(v.split('.')[1] ?? 0);
  const t = minor(target);
  return [...pool].sort((a, b) => Math.abs(minor(a) - t) - Math.abs(minor(b) - t) || minor(b) - minor(a))[0]!;
}
