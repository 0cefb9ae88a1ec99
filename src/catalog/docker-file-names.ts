/**
 * File names Docker, Compose and Python tools read by convention: data, not logic (architecture
 * rule 8). Checked 2026-12-02.
 */

/**
 * The files Compose v2 looks for, in its order of preference, when no `-f` is given: it takes the
 * first that exists (`compose.yaml` wins over `docker-compose.yml`, with only a warning) and merges
 * the matching `*.override.*` file onto it.
 * Source: https://docs.docker.com/compose/intro/compose-application-model/#the-compose-file and
 * https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/ (2026-12-02).
 */
export const COMPOSE_DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The override files Compose merges onto a default file found without `-f` (same source). */
export const COMPOSE_OVERRIDE_FILES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/**
 * `docker build` reads `Dockerfile` at the context root unless `-f` names another file; with BuildKit
 * a `<Dockerfile path>.dockerignore` next to that file is used in preference to the context's
 * `.dockerignore` (https://docs.docker.com/build/concepts/context/#filename-and-location; verified
 * with Docker 20.10.24 BuildKit, 2026-12-02).
 */
export const DOCKERFILE_DEFAULT = 'Dockerfile';
export const DOCKERIGNORE_DEFAULT = '.dockerignore';
export const ENTRYPOINT_DEFAULT = 'docker-entrypoint.sh';
export const COMPOSE_FILE_DEFAULT = 'compose.yaml';

/**
 * Names pyenvc proposes when the default one belongs to a hand-written file: `<name>.Dockerfile` is
 * the form Docker's docs use for a second Dockerfile (and what editors highlight as one), and
 * `compose.<name>.yaml` the form of its multiple-file examples. `{n}` is empty, then 2, 3, ...
 */
export const ALTERNATIVE_NAMES = {
  dockerfile: 'pyenvc{n}.Dockerfile',
  entrypoint: 'pyenvc{n}-entrypoint.sh',
  compose: 'compose.pyenvc{n}.yaml',
} as const;

/**
 * Dependency files that Python tools read at a project's root, whichever manager the manifest uses:
 * pip (requirements.txt), PEP 517/621 (pyproject.toml, setup.py, setup.cfg), Poetry (poetry.lock),
 * uv (uv.lock), Pipenv (Pipfile, Pipfile.lock), conda (environment.yml/.yaml). Generated files must
 * never be written over them. Checked 2026-12-02 against each tool's documentation.
 */
export const WELL_KNOWN_DEPENDENCY_FILES = ['environment.yaml', 'environment.yml', 'Pipfile', 'Pipfile.lock', 'poetry.lock', 'pyproject.toml', 'requirements.txt', 'setup.cfg', 'setup.py', 'uv.lock'];

/**
 * Where `pyenvc init` writes the manifest's JSON Schema (`pyenvc schema --write`) and the modeline of
 * the manifest it writes names it: inside the project, editor-neutral, found without node_modules
 * (issue 16: the old `./node_modules/pyenvc/schema/...` modeline failed for `npx pyenvc` users).
 */
export const SCHEMA_FILE_DEFAULT = '.pyenvc/pyenv.schema.json';

/**
 * The env file init proposes for `compose.env_file`: `.env`, the name Compose itself reads from the
 * project folder (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file)
 * and python-dotenv's default, kept out of the image by the .dockerignore's `.env` lines
 * (src/catalog/credentials.ts). Checked 2026-12-04.
 */
export const DOTENV_DEFAULT = '.env';

/**
 * Names of the committed templates of an env file, which hold example values to copy into `.env`:
 * `.env.example` (nsidnev/fastapi-realworld-example-app, HackSoftware/Django-Styleguide-Example),
 * `.env.sample`, `.env.template`, `.env.dist`, `.env.defaults`, `.env.dev-sample` / `.env.prod-sample`
 * (testdrivenio/django-on-docker), `example.env`, `sample.env`, `env.example`. Checked 2026-12-04.
 */
export const DOTENV_TEMPLATE = /^(?:\.env(?:[._-][A-Za-z0-9]+)*[._-](?:example|sample|template|dist|defaults?)|(?:example|sample|template)\.env|env\.(?:example|sample|template))$/i;

/** Other env files kept beside a project (`.env.dev`, `.env.local`, `.env.production`): real settings, not templates. */
export const DOTENV_VARIANT = /^\.env[._-][A-Za-z0-9._-]+$/;
