/**
 * Which Python release lines the official `python` images publish, and which Python each pinned
 * manager tool needs: data, not logic (architecture rule 8). Checked 2026-12-03.
 */

/** One release line of the official image (https://hub.docker.com/_/python). */
export interface PublishedPython {
  /** The release line, `3.X`: the image tag `python:3.X-slim` follows its newest patch. */
  version: string;
  /** The newest patch the images carried when checked: what `python:3.X-slim` means for range checks. */
  latest: string;
  /** False once docker-library/python stopped building it: the tags stay pullable but get no fixes. */
  maintained: boolean;
}

/**
 * Release lines of the official images, oldest first. Source: docker-library/python `versions.json`
 * (commit 4f07059, 2026-06-23: 3.10.20, 3.11.15, 3.12.13, 3.13.14, 3.14.6; 3.15 only as `-rc`) and,
 * for 3.9, its removal commit 59e4abf ("Remove all traces of the now-EOL 3.9 release series",
 * 2025-10-31, last 3.9.25). Release candidates are not listed: pyenvc never chooses one.
 */
export const PUBLISHED_PYTHON: readonly PublishedPython[] = [
  { version: '3.9', latest: '3.9.25', maintained: false },
  { version: '3.10', latest: '3.10.20', maintained: true },
  { version: '3.11', latest: '3.11.15', maintained: true },
  { version: '3.12', latest: '3.12.13', maintained: true },
  { version: '3.13', latest: '3.13.14', maintained: true },
  { version: '3.14', latest: '3.14.6', maintained: true },
];

/** python.version when neither the manifest nor the project says (manifest.md, `python.version`). */
export const DEFAULT_PYTHON = '3.12';

/** The lowest Python a tool release runs on, from that release's own metadata. */
export interface ToolPythonFloor {
  /** This floor applies to the tool's releases from this version on (compared numerically). */
  since: string;
  /** Lowest supported Python, `3.X`. */
  minimum: string;
  /** Where it is written. */
  source: string;
}

/**
 * Minimum Python per tool, newest rule last; the pinned version in TOOLS picks the row, so bumping a
 * pin needs no change here unless the tool raised its floor. Poetry and Pipenv run on the image's own
 * interpreter (their tool venv is made by `python3 -m venv`); uv is a static binary, but works only
 * with the Python versions its policy names.
 */
export const TOOL_PYTHON_FLOORS: Record<'poetry' | 'pipenv' | 'uv', readonly ToolPythonFloor[]> = {
  poetry: [
    { since: '2.0.0', minimum: '3.9', source: 'python-poetry/poetry pyproject.toml at 2.1.3: requires-python = ">=3.9,<4.0"' },
    { since: '2.3.0', minimum: '3.10', source: 'python-poetry/poetry CHANGELOG 2.3.0: "Drop support for Python 3.9" (#10634); pyproject.toml requires-python = ">=3.10,<4.0"' },
  ],
  pipenv: [
    { since: '2023.0.0', minimum: '3.8', source: 'pypa/pipenv pyproject.toml at v2024.4.1: requires-python = ">=3.8"' },
    { since: '2025.0.0', minimum: '3.9', source: 'pypa/pipenv commit 33f8e75 "chore: drop python3.8"; pyproject.toml at v2025.0.0: requires-python = ">=3.9"' },
    { since: '2025.1.0', minimum: '3.10', source: 'pypa/pipenv pyproject.toml at v2025.1.0 (#6445): requires-python = ">=3.10"' },
  ],
  uv: [{ since: '0.1.0', minimum: '3.6', source: 'astral-sh/uv docs/reference/policies/python.md: "uv does not work with Python versions prior to 3.6"' }],
};

/**
 * The interpreter of each kind of base image: the official images install CPython under /usr/local
 * (docker-library/python `Dockerfile-linux.template` builds into /usr/local and reads
 * `/usr/local/bin/python3`), Debian/Ubuntu's `python3` package under /usr/bin. uv is pointed at it with
 * `UV_PYTHON` (astral-sh/uv `crates/uv-static/src/env_vars.rs`: "If set to a path, uv will use this
 * Python interpreter for all operations"), so neither sync looks for another Python.
 */
export const IMAGE_PYTHON = { official: '/usr/local/bin/python3', distribution: '/usr/bin/python3' } as const;
