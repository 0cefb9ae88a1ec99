import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compile, type CompileResult } from '../../src/index.js';
import { renderDiagnostic } from '../../src/diagnostics/render.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const FIXTURES = join(ROOT, 'fixtures');

/** Fixture folders that must compile (everything under fixtures/ but _errors_), sorted. */
export function goodFixtures(): string[] {
  return readdirSync(FIXTURES)
    .filter((d) => !d.startsWith('_') && existsSync(join(FIXTURES, d, 'pyenv.yaml')))
    .sort();
}

/** Fixture folders under fixtures/_errors_, sorted. */
export function errorFixtures(): string[] {
  const dir = join(FIXTURES, '_errors_');
  return existsSync(dir) ? readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort() : [];
}

/**
 * Compiles a fixture the way the CLI does from inside its folder: the manifest's display path is
 * `pyenv.yaml` and project files are read relative to the fixture folder (never from expected/).
 */
export function compileFolder(folder: string, manifest = 'pyenv.yaml', transform: (text: string) => string = (t) => t): CompileResult {
  const bytes = readFileSync(join(folder, manifest));
  const text = transform(new TextDecoder().decode(bytes));
  return compile({
    file: manifest,
    text,
    readFile: (path) => {
      const target = join(folder, path);
      if (relative(folder, target).startsWith('..')) return undefined;
      try {
        return statSync(target).isFile() ? readFileSync(target, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  });
}

/** Diagnostics rendered exactly as the CLI prints them (without colour). */
export function renderAll(result: CompileResult): string {
  return result.diagnostics.map((d) => renderDiagnostic(d, result.sources[d.file])).join('\n') + (result.diagnostics.length ? '\n' : '');
}

/** Every artifact of a successful compile, by path. Throws with the rendered diagnostics otherwise. */
export function artifactsOf(result: CompileResult): Record<string, string> {
  if (!result.ok) throw new Error(`compile failed:\n${renderAll(result)}`);
  // emitArtifacts returns the four files in a fixed order; key them by role (their default names),
  // so a manifest with other output paths or a project.context subfolder is read the same way.
  const roles = ['Dockerfile', '.dockerignore', 'docker-entrypoint.sh', 'compose.yaml'];
  return Object.fromEntries(result.artifacts.map((a, i) => [roles[i] ?? a.path, a.contents]));
}

/**
 * The program files the presets start by default (app.py for flask `app:app`, main.py for fastapi
 * `main:app` and script `python main.py`), for in-memory projects whose tests are about something
 * else: since compile checks that the run target exists (PYENV411), a project without them fails.
 */
export const PROGRAM_FILES: Readonly<Record<string, string>> = { 'app.py': 'app = None\n', 'main.py': 'app = None\n' };

/** A ReadProjectFile over `files` plus PROGRAM_FILES (the given files win). */
export function readWithProgram(files: Record<string, string | undefined> = {}): (path: string) => string | undefined {
  return (path) => (path in files ? files[path] : PROGRAM_FILES[path]);
}
