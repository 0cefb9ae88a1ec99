import type { PresetName } from '../manifest/types.js';
import { detectDependencies, type DetectedDependencies } from './detect-dependencies.js';
import { ProjectFacts, type ReadFile } from '../project/read-project.js';
import { decideEntry, type Finding } from './entry.js';
import { chooseEnvFile } from './env-files.js';
import { findExistingDockerFiles, type ExistingDockerFiles } from './existing-docker-files.js';
import { detectPython } from './python-version.js';
import { workspaceMember } from './workspace-members.js';
import { resolveServer } from './server.js';

export type { Finding } from './entry.js';

/** Reads a project file by its POSIX path relative to the folder; undefined when missing or unreadable. */
export type ReadFolderFile = ReadFile;

/** Everything `init` puts in the manifest it writes. */
export interface InitPlan {
  name: string;
  preset: PresetName;
  python?: string;
  /** No python.version at all: the conda file pins a Python that python.version cannot name. */
  omitPython?: boolean;
  dependencies?: DetectedDependencies;
  run: { app?: string; command?: string[] };
  jupyterInterface?: 'notebook';
  /** Runtime environment variables init sets (PYTHONPATH for a src layout). */
  env?: Record<string, string>;
  /** project.install: the project must be installed (a console script). */
  installProject?: boolean;
  findings: Finding[];
  /** What the user should do or know; written as comments and printed. */
  notes: string[];
  /** Hand-written Docker files at the root and the output names chosen around them (see findExistingDockerFiles). */
  dockerFiles?: ExistingDockerFiles;
  /** project.writable: folders below the code the app writes (trial F2: src/init/writable.ts). */
  writable?: string[];
  /** dependencies.pip.packages: the preset's server, pinned, when the project does not list it (trial F6: src/init/server.ts). */
  packages?: string[];
  /** compose.env_file (see chooseEnvFile). */
  envFile?: string;
}

/** What init may know about the folder's neighbourhood (the CLI reads it; detection stays pure). */
export interface Surroundings {
  /** Names of the files in the folder above (env files kept at a repository root, beside an app in a subfolder). */
  parentFiles?: readonly string[];
}

/** Folders `init` never looks into (tool state, environments, dependencies of other languages). */
export { SKIPPED_FOLDERS } from '../project/skipped-folders.js';

/**
 * Inspects a folder's file list (POSIX paths relative to it; the CLI lists at most three levels)
 * and decides the manifest `pyenvc init` writes. Pure: file contents come through `read`; no code
 * is imported or run, and Python sources are only read as text by the entry-point rules.
 * Dependency rules: see detectDependencies; preset and run target: see decideEntry (at a uv workspace
 * root with nothing to run of its own, in the member that has: workspaceMember); python.version: see
 * detectPython (every constraint the project states: `.python-version`, `runtime.txt`,
 * `requires-python`, Poetry's python, Pipfile, the conda file, the lockfile's compiled wheels, above
 * the manager tool's floor, the own Dockerfile's FROM as a hint); compose.env_file: see chooseEnvFile.
 */
export function detectProject(folderName: string, fileList: readonly string[], read: ReadFolderFile, surroundings: Surroundings = {}): InitPlan {
  const files = new Set(fileList);
  const project = new ProjectFacts(read, fileList);
  const deps = detectDependencies(project);
  const findings: Finding[] = [];
  const notes = [...deps.notes];
  const name = manifestName(deps.projectName, folderName);
  findings.push({ field: 'name', value: name, because: deps.projectName && name === sanitizeName(deps.projectName) ? 'the project name in pyproject.toml' : 'the folder name' });
  findings.push({ field: 'dependencies', value: deps.dependencies?.manager ?? 'none', because: deps.because });
  let entry = decideEntry(project, fileList, deps, name);
  let dependencies = deps.dependencies;
  const member = !entry.found && dependencies?.manager === 'uv' ? workspaceMember(project, fileList) : undefined;
  if (member) {
    entry = member.entry;
    dependencies = { manager: 'uv', package: member.name };
    findings.push({ field: 'dependencies.uv.package', value: member.name, because: `${member.folder}/ is the workspace member with something to run ([tool.uv.workspace] members in pyproject.toml); the manifest stays at the root, whose build context holds uv.lock and every member` });
    if (member.others.length) {
      notes.push(`other workspace members have something to run too (${member.others.map((o) => `${o.name} in ${o.folder}/, ${o.preset}`).join('; ')}): give each a manifest of its own beside this one, such as pyenv.${member.others[0]!.name}.yaml with its own name, \`dependencies: { uv: { package: ${member.others[0]!.name} } }\` and output names`);
    }
  }
  const python = detectPython(project, dependencies?.manager === 'conda' ? dependencies.file : undefined, dependencies?.manager, member?.python ?? []);
  if (python.version) findings.push({ field: 'python.version', value: python.version, because: python.because ?? '' });
  else if (python.because) notes.push(python.because);
  // The server note takes the place in the entry's notes where the preset rule found it missing; its
  // pin depends on the Python chosen above (src/catalog/servers.ts).
  const server = entry.missingServer ? resolveServer(project, entry.missingServer, dependencies, python.version, deps.namesFrom) : undefined;
  const entryNotes = [...entry.notes];
  const entryFindings = [...entry.findings];
  if (server) entryNotes.splice(entry.missingServer!.at, 0, server.note);
  if (server?.finding) entryFindings.splice(entry.missingServer!.findingAt, 0, server.finding);
  findings.push(...entryFindings);
  notes.push(...entryNotes);
  const plan: InitPlan = {
    name,
    preset: entry.preset,
    run: entry.run,
    findings,
    notes,
    ...(dependencies ? { dependencies } : {}),
    ...(python.version ? { python: python.version } : {}),
    ...(python.omit ? { omitPython: true } : {}),
    ...(entry.jupyterInterface ? { jupyterInterface: entry.jupyterInterface } : {}),
    ...(entry.env ? { env: entry.env } : {}),
    ...(entry.installProject ? { installProject: true } : {}),
    ...(entry.writable?.length ? { writable: entry.writable } : {}),
    ...(server?.packages ? { packages: server.packages } : {}),
  };
  const dockerFiles = findExistingDockerFiles(files, read);
  if (dockerFiles.found.length) {
    plan.dockerFiles = dockerFiles;
    findings.push(...dockerFiles.findings);
    notes.push(...dockerFiles.notes);
  }
  const envFile = chooseEnvFile(fileList, surroundings.parentFiles);
  if (envFile) {
    plan.envFile = envFile.file;
    findings.push(envFile.finding);
    notes.push(...envFile.notes);
  }
  return plan;
}

/** A valid manifest name (`^[a-z0-9][a-z0-9._-]{0,62}$`) from the project or folder name. */
export function sanitizeName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 63).replace(/[._-]+$/, '');
}

function manifestName(projectName: string | undefined, folderName: string): string {
  return (projectName && sanitizeName(projectName)) || sanitizeName(folderName) || 'app';
}
