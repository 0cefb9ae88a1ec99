import { DEFAULT_PYTHON } from '../catalog/python-images.js';
import { serverPin } from '../catalog/servers.js';
import type { ProjectFacts } from '../project/read-project.js';
import type { DetectedDependencies } from './detect-dependencies.js';
import type { Finding } from './entry.js';

/** The server a web preset runs that the project's dependencies do not list (found by decideEntry). */
export interface MissingServer {
  server: 'gunicorn' | 'uvicorn' | 'jupyterlab';
  preset: string;
  /** Where its note goes among the entry's notes (the place the preset rule found it missing). */
  at: number;
  /** Where its finding goes among the entry's findings (likewise). */
  findingAt: number;
}

/**
 * The server a web preset runs, when the project does not list it (trial F6: the container would exit
 * 127). With pip, init writes it pinned into dependencies.pip.packages from pyenvc's table
 * (src/catalog/servers.ts; the pin depends on the chosen Python), so the image works without editing
 * the project's files; the user can move it into the requirement file instead. Hash-checked
 * requirements and the lockfile managers get a to-do with their own command, since a package beside
 * their lock would be unlocked (or refused: PYENV265).
 * @returns the note (always), and with pip the packages line and its finding
 */
export function resolveServer(project: ProjectFacts, missing: MissingServer, d: DetectedDependencies | undefined, python: string | undefined, listedIn: string): { note: string; packages?: string[]; finding?: Finding } {
  const { server, preset } = missing;
  const text = server === 'jupyterlab' ? 'the jupyter preset runs `jupyter lab`, and jupyterlab is not among your dependencies (repo2docker and Binder add it; pyenvc installs only what you list)' : `the ${preset} preset serves the app with ${server}, which is not among your dependencies`;
  const hashed = d?.manager === 'pip' && 'requirements' in d && project.requirements(d.requirements.map((path) => ({ path, at: [] }))).hashes;
  const pin = serverPin(server, python ?? DEFAULT_PYTHON);
  if (d?.manager === 'pip' && !hashed && pin) {
    return {
      packages: [pin],
      finding: { field: 'dependencies.pip.packages', value: pin, because: `the ${preset} preset runs ${server}, which ${listedIn} does not list (pyenvc's pin)` },
      note: `${text}: init pinned ${pin} in dependencies.pip.packages; to keep it with the others, add it to ${'pyproject' in d ? 'the [project] dependencies of pyproject.toml' : d.requirements[0]} and remove that line`,
    };
  }
  const how: Record<string, string> = {
    pip: `add it to ${listedIn} and lock again (\`pip-compile --generate-hashes\`)`,
    uv: `\`uv add ${server}\``,
    poetry: `\`poetry add ${server}\``,
    pipenv: `\`pipenv install ${server}\``,
    conda: `add it to the dependencies of ${listedIn}`,
  };
  return { note: `${text}: ${d ? how[d.manager] : 'add it'}` };
}

/** The version specifier the chosen requirement files or pyproject.toml give a distribution ('' when none or not found). */
export function requirementSpecifier(project: ProjectFacts, d: DetectedDependencies | undefined, name: string): string {
  const specs = d?.manager === 'pip' && 'requirements' in d ? project.requirements(d.requirements.map((path) => ({ path, at: [] }))).entries : project.projectRequirements();
  return specs.find((s) => s.name === name)?.specifier ?? '';
}
