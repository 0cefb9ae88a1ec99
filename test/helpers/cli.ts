import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';

export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Runs the built pyenvc binary as a user would (npm test builds dist/ first). */
export function pyenvc(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Temporary folders, removed by `cleanUp` (call it from afterEach). */
export function tempFolders() {
  const made: string[] = [];
  return {
    make(): string {
      const dir = mkdtempSync(join(tmpdir(), 'pyenvc-test-'));
      made.push(dir);
      return dir;
    },
    /** A copy of `source` (without its expected/ goldens) in a new temporary folder, or under `into/name`. */
    copy(source: string, into?: string, name?: string): string {
      const dir = into ? join(into, name ?? '') : this.make();
      cpSync(source, dir, { recursive: true, filter: (src) => !/[\\/]expected([\\/]|$)/.test(src.slice(source.length)) });
      return dir;
    },
    cleanUp(): void {
      while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
    },
  };
}
