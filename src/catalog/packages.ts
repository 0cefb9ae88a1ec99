import type { RequirementSpec } from '../project/requirement-spec.js';

/**
 * Distributions that a requirement brings in besides itself, which the preset rules ask about ("is
 * uvicorn installed?"). Checked 2026-12-02 against each package's published metadata:
 * - fastapi[standard] and fastapi[all] require uvicorn[standard] (fastapi pyproject.toml, optional-dependencies);
 * - uvicorn[standard] stays uvicorn; gunicorn has no such extras;
 * - the `jupyter` metapackage: 1.0.0 requires notebook, qtconsole, jupyter-console, nbconvert,
 *   ipykernel and ipywidgets (the classic notebook, no JupyterLab); 1.1.0 (2024-08) adds jupyterlab
 *   (jupyter/jupyter setup.py history).
 */
export const IMPLIED_BY_EXTRAS: Record<string, Record<string, string[]>> = {
  fastapi: { standard: ['uvicorn', 'fastapi-cli'], all: ['uvicorn', 'fastapi-cli'] },
};

/**
 * The `jupyter` metapackage's contents by version: below 1.1 the classic notebook only, from 1.1 on
 * JupyterLab too. A specifier whose upper bound is below 1.1 (`==1.0.0`, `<1.1`, `~=1.0.0`) selects the old one.
 */
export function jupyterMetapackage(specifier: string): string[] {
  const below = /(?:^|,)(?:==|===|~=)\s*1\.0(?:\.\d+)*(?:,|$)|(?:^|,)<\s*1\.1(?:\.0)*(?:,|$)|(?:^|,)<=?\s*1\.0/.test(specifier);
  return below ? ['notebook'] : ['jupyterlab', 'notebook'];
}

/** The normalised names a requirement makes available: itself, what its extras imply, and the jupyter metapackage's contents. */
export function providedNames(spec: RequirementSpec): string[] {
  const implied = spec.extras.flatMap((extra) => IMPLIED_BY_EXTRAS[spec.name]?.[extra] ?? []);
  const meta = spec.name === 'jupyter' ? jupyterMetapackage(spec.specifier) : [];
  return [spec.name, ...implied, ...meta];
}

/**
 * The distribution that installs each server program a command can start, so compile can tell that
 * `gunicorn` will not be found (exit 127) before anything is built. Console scripts as each package
 * declares them (checked 2026-12-03 in their published entry points): gunicorn, uvicorn, hypercorn,
 * waitress (waitress-serve), daphne, streamlit, celery; `jupyter lab` is jupyterlab's, `jupyter
 * notebook` notebook's, `jupyter server` jupyter-server's (also pulled in by the other two).
 */
export const SERVER_PROGRAMS: Record<string, string[]> = {
  gunicorn: ['gunicorn'],
  uvicorn: ['uvicorn'],
  hypercorn: ['hypercorn'],
  'waitress-serve': ['waitress'],
  daphne: ['daphne'],
  streamlit: ['streamlit'],
  celery: ['celery'],
  'jupyter lab': ['jupyterlab'],
  'jupyter notebook': ['notebook'],
  'jupyter server': ['jupyter-server', 'jupyterlab', 'notebook'],
};
