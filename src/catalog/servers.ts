/**
 * The server a preset runs (flask, django: gunicorn; fastapi: uvicorn; jupyter: jupyterlab), pinned for the projects
 * that do not list it (the third stranger trial, F6: 3 of 9 Flask/Django apps did not, and the
 * container exited 127). `pyenvc init` writes the pin into `dependencies.pip.packages`, where the
 * user sees and owns it; compile never adds a package by itself. Newest first: the first entry whose
 * minimum Python the image's Python meets is used. Checked 2026-12-03 against each project's
 * repository (tags, changelog and `requires-python` of pyproject.toml at the tag).
 */
export interface ServerPin {
  /** The requirement written into the manifest: an exact `==` pin. */
  requirement: string;
  /** The lowest Python minor ("3.10") the release supports (its `requires-python`). */
  minPython: string;
  /** Release date and where it was read. */
  source: string;
}

export const SERVER_PINS: Readonly<Record<'gunicorn' | 'uvicorn' | 'jupyterlab', readonly ServerPin[]>> = {
  gunicorn: [
    {
      requirement: 'gunicorn==26.1.0',
      minPython: '3.10',
      source: 'benoitc/gunicorn tag 26.1.0 (e4d0b05), docs/content/news.md "26.1.0 - 2026-08-18"; requires-python >=3.10 and no dependencies',
    },
    {
      requirement: 'gunicorn==23.0.0',
      minPython: '3.7',
      source: 'benoitc/gunicorn tag 23.0.0, released 2024-08-10: the last release for Python 3.9 and older (24.0.0, 2026-01-23, raised requires-python to >=3.10)',
    },
  ],
  // The jupyter preset's `jupyter lab`: Binder/repo2docker repositories never list it, since
  // repo2docker installs it (trial 3: binder-examples/requirements, binder-examples/jupyterlab).
  jupyterlab: [
    {
      requirement: 'jupyterlab==4.6.3',
      minPython: '3.10',
      source: 'jupyterlab/jupyterlab tag v4.6.3 (e7255a9, 2026-08-10), CHANGELOG.md "## 4.6.3"; pyproject.toml requires-python >=3.10 (raised at v4.6.0)',
    },
    {
      requirement: 'jupyterlab==4.5.10',
      minPython: '3.9',
      source: 'jupyterlab/jupyterlab tag v4.5.10 (af5f5b3, 2026-07-21): the last 4.5 release, requires-python >=3.9',
    },
  ],
  uvicorn: [
    {
      requirement: 'uvicorn==0.51.0',
      minPython: '3.10',
      source: 'Kludex/uvicorn tag 0.51.0, docs/release-notes.md "0.51.0 (July 8, 2026)"; requires-python >=3.10',
    },
    {
      requirement: 'uvicorn==0.39.0',
      minPython: '3.9',
      source: 'Kludex/uvicorn tag 0.39.0 (4f40b84, 2025-12-21): the last release for Python 3.9 (0.40.0 raised requires-python to >=3.10)',
    },
  ],
};

/** The pin of `server` for an image with Python `python` ("3.12" or "3.12.4"), or undefined when none fits. */
export function serverPin(server: keyof typeof SERVER_PINS, python: string): string | undefined {
  const minor = (v: string) => Number(v.split('.')[1] ?? 0);
  const [major] = python.split('.');
  if (major !== '3') return undefined;
  return SERVER_PINS[server].find((p) => minor(python) >= minor(p.minPython))?.requirement;
}
