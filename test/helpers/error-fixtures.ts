import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIXTURES } from './fixtures.js';

/**
 * What an error fixture needs besides its committed files (fixtures/_errors_/<case>/setup.json):
 * files outside the project, symbolic links (created at test time, relative, so messages are the
 * same on every machine) and generated files too large to commit.
 */
interface Setup {
  outside?: Record<string, string>;
  symlinks?: Record<string, string>;
  generate?: Record<string, { head: string; repeat: string; bytes: number }>;
}

/**
 * Lays an error fixture out under `base/<case>/`: the project in `project/` (its committed files,
 * without expected/ and setup.json, plus links and generated files) and, when setup.json asks for
 * it, `outside/` next to it. Returns the project folder, where pyenv.yaml is.
 */
export function materializeErrorFixture(name: string, base: string): string {
  const source = join(FIXTURES, '_errors_', name);
  const project = join(base, name, 'project');
  cpSync(source, project, { recursive: true, filter: (src) => !src.startsWith(join(source, 'expected')) && src !== join(source, 'setup.json') });
  const setupFile = join(source, 'setup.json');
  if (!existsSync(setupFile)) return project;
  const setup = JSON.parse(readFileSync(setupFile, 'utf8')) as Setup;
  for (const [path, text] of Object.entries(setup.outside ?? {})) {
    mkdirSync(dirname(join(base, name, 'outside', path)), { recursive: true });
    writeFileSync(join(base, name, 'outside', path), text);
  }
  for (const [link, target] of Object.entries(setup.symlinks ?? {})) symlinkSync(target, join(project, link));
  for (const [path, { head, repeat, bytes }] of Object.entries(setup.generate ?? {})) {
    writeFileSync(join(project, path), head + repeat.repeat(Math.ceil((bytes - head.length) / repeat.length)));
  }
  return project;
}
