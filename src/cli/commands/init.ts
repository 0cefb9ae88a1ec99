import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, posix, resolve } from 'node:path';
import { compile } from '../../index.js';
import { detectProject, type InitPlan } from '../../init/detect.js';
import { gitattributesLine, updateGitattributes } from '../../init/gitattributes.js';
import { projectFolders } from '../../init/monorepo.js';
import { renderInitManifest } from '../../init/render.js';
import { SCHEMA_FILE_DEFAULT } from '../../catalog/docker-file-names.js';
import { EXIT, UsageError, WriteError } from '../exit-codes.js';
import { listProjectFiles, projectReader } from '../project-reader.js';
import { findEnclosingUvWorkspace, parentFileNames } from '../surroundings.js';
import { parsePyproject } from '../../project/pyproject.js';
import type { EnclosingUvWorkspace } from '../../project/uv-workspace-root.js';
import { printDiagnostics } from '../render.js';

export interface InitOptions {
  folder: string;
  force: boolean;
  stdout: boolean;
  gitattributes: boolean;
}

/** Files larger than this are not read (a real requirements file or pyproject.toml is a few KiB). */
const MAX_READ_BYTES = 1024 * 1024;

/**
 * `pyenvc init [FOLDER]`: lists the folder (three levels, tool and environment folders skipped),
 * lets the pure detector decide the manifest, checks that it compiles, writes `pyenv.yaml` (never
 * over an existing one without --force: exit 3), the `.gitattributes` line for the entrypoint and
 * the JSON Schema its modeline names (.pyenvc/pyenv.schema.json, so editors validate the manifest
 * without pyenvc in node_modules; a file there that is not the schema is kept, PYENV509), and says
 * what it detected and why.
 */
export async function runInit(options: InitOptions): Promise<number> {
  const folder = resolve(options.folder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${options.folder}: no such folder`);
  const target = join(folder, 'pyenv.yaml');
  const shown = options.folder === '.' ? 'pyenv.yaml' : join(options.folder, 'pyenv.yaml');
  if (!options.stdout && existsSync(target) && !options.force) {
    process.stderr.write(`${shown}: error PYENV504: not written: a manifest already exists\n  hint: edit it, or pass --force to replace it with a new one\n`);
    return EXIT.stale;
  }
  const files = listProjectFiles(folder);
  const projects = projectFolders(files.sort());
  if (projects.length > 0) {
    // A monorepo root: one manifest per project folder, never one for an empty image here.
    const prefix = options.folder === '.' ? '' : `${options.folder.replace(/\/+$/, '')}/`;
    process.stderr.write(
      `pyenvc init: ${shown} not written: this folder has no Python project of its own, but ${projects.length === 1 ? 'a subfolder holds one' : `${projects.length} subfolders hold one each`}:\n` +
        projects.map((p) => `  npx pyenvc init ${prefix}${p.folder}    # ${p.because}\n`).join('') +
        `then compile them all at once: npx pyenvc compile '${prefix}**/pyenv.yaml'\n`,
    );
    return EXIT.usage;
  }
  const workspace = findEnclosingUvWorkspace(folder);
  if (workspace && existsSync(join(folder, 'pyproject.toml'))) {
    process.stderr.write(workspaceMemberRefusal(shown, workspace, options.folder, readSmall(join(folder, 'pyproject.toml'))));
    return EXIT.usage;
  }
  const plan = detectProject(basename(folder), files.sort(), (path) => readSmall(join(folder, path)), { parentFiles: parentFileNames(folder) });
  const text = renderInitManifest(plan);
  const log = options.stdout ? process.stderr : process.stdout;
  if (options.stdout) process.stdout.write(text);
  else {
    try {
      writeFileSync(target, text);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw new WriteError(`cannot write ${shown}: ${e.code ?? e.message}; nothing was changed. Fix the folder's permissions, or print the manifest with --stdout`);
    }
  }
  log.write(`pyenvc init: ${options.stdout ? 'printed' : 'wrote'} ${shown}\n${describe(plan)}`);
  if (options.stdout) log.write(`advice: run \`npx pyenvc schema --write ${SCHEMA_FILE_DEFAULT}\` so the modeline on line 1 finds the schema\n`);
  else log.write(`${await writeModelineSchema(folder, options.folder)}\n`);
  const entrypoint = plan.dockerFiles?.outputs.entrypoint;
  if (options.gitattributes && !options.stdout) log.write(`${writeGitattributes(folder, entrypoint)}\n`);
  else log.write(`advice: add \`${gitattributesLine(entrypoint)}\` to .gitattributes so a Windows checkout cannot turn the entrypoint to CRLF\n`);
  const result = compile({ file: 'pyenv.yaml', text, readFile: projectReader(target), files, ...(workspace ? { uvWorkspace: workspace } : {}) });
  if (result.ok) log.write('the manifest compiles: run `npx pyenvc compile` to write the Docker files, and `npx pyenvc explain` to see every value\n');
  else {
    printDiagnostics(result);
    log.write('the manifest does not compile yet: fix what is reported above, then run `npx pyenvc compile`\n');
    // Written, but a script's `pyenvc init && pyenvc compile` must stop here (trial 3, F7: exit 0 read as done).
    return EXIT.manifestErrors;
  }
  return EXIT.ok;
}

/**
 * A uv workspace member's folder gets no manifest (trial 3, F5): its dependencies are pinned by the
 * root's uv.lock, which a build context here cannot reach (a manifest's context cannot be above its
 * folder), and a pip install of its pyproject.toml would ignore that lock. The manifest belongs at
 * the root, where init builds the member with dependencies.uv.package (README, "uv workspaces").
 */
function workspaceMemberRefusal(shown: string, workspace: EnclosingUvWorkspace, shownFolder: string, pyproject: string | undefined): string {
  const name = (pyproject === undefined ? undefined : parsePyproject(pyproject))?.name;
  const root = shownFolder === '.' ? workspace.root : posix.normalize(`${shownFolder.replace(/\\/g, '/').replace(/\/+$/, '')}/${workspace.root}`);
  return (
    `pyenvc init: ${shown} not written: this folder is the member ${workspace.member} of the uv workspace at ${workspace.root} ` +
    `(${workspace.root}/pyproject.toml [tool.uv.workspace] members ${JSON.stringify(workspace.members)}), whose ${workspace.locked ? 'uv.lock pins' : 'uv.lock (not written yet) will pin'} this project's dependencies; ` +
    `a build context here cannot hold that lock, so the manifest belongs at the workspace root:\n` +
    (workspace.locked ? '' : `  (cd ${root} && uv lock)\n`) +
    `  npx pyenvc init ${root}    # writes ${root === '.' ? '' : `${root}/`}pyenv.yaml with dependencies: { uv: { package: ${name ?? '<this member>'} } }\n`
  );
}

/** The findings as an aligned list, then the to-do notes. */
function describe(plan: InitPlan): string {
  const width = Math.max(...plan.findings.map((f) => f.field.length));
  const value = Math.max(...plan.findings.map((f) => f.value.length));
  const found = plan.findings.map((f) => `  ${f.field.padEnd(width)}  ${f.value.padEnd(value)}  ${f.because}\n`).join('');
  const notes = plan.notes.length ? `to do:\n${plan.notes.map((n) => `  - ${n}\n`).join('')}` : '';
  return `detected:\n${found}${notes}`;
}

function writeGitattributes(folder: string, entrypoint?: string): string {
  const path = join(folder, '.gitattributes');
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  const update = updateGitattributes(existing, entrypoint);
  if (update.action === 'present') return `.gitattributes: already keeps ${entrypoint ?? 'docker-entrypoint.sh'} LF`;
  writeFileSync(path, update.text);
  return `.gitattributes: ${update.action === 'create' ? 'created with' : 'added'} \`${gitattributesLine(entrypoint)}\` (a Windows checkout must not turn the entrypoint to CRLF)`;
}

/** Writes the schema the manifest's modeline names; never over a file that is not an earlier copy of it. */
async function writeModelineSchema(folder: string, shownFolder: string): Promise<string> {
  // Imported here, as main.ts imports the commands: init's start-up loads none of src/write/ (test/startup.test.ts).
  const { writeSchemaFile } = await import('../../write/schema-file.js');
  const shown = shownFolder === '.' ? SCHEMA_FILE_DEFAULT : join(shownFolder, SCHEMA_FILE_DEFAULT);
  const result = writeSchemaFile(join(folder, SCHEMA_FILE_DEFAULT));
  if (result.kind === 'refused') return `${shown}: warning PYENV509: the schema for editors was not written: ${result.reason.replace(join(folder, SCHEMA_FILE_DEFAULT), shown)}\n  hint: ${result.fix}, then run \`npx pyenvc schema --write <path>\` and put the line it prints first in pyenv.yaml`;
  return `${shown}: ${result.kind === 'unchanged' ? 'already holds' : 'wrote'} the JSON Schema the modeline on line 1 of pyenv.yaml names (editor completion and checks; \`npx pyenvc schema --write ${SCHEMA_FILE_DEFAULT}\` refreshes it after an upgrade)`;
}

function readSmall(path: string): string | undefined {
  try {
    return statSync(path).size <= MAX_READ_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
