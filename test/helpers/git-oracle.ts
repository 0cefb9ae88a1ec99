import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** True when a `git` program can be run (the oracle tests are skipped without one). */
export const HAS_GIT = spawnSync('git', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * What git itself ignores: the files of `tree` (POSIX paths; `.gitignore` files among them with their
 * text) written into a fresh repository, then `git ls-files --others --ignored --exclude-standard`,
 * which lists every untracked file the ignore rules exclude, folder rules included. No system or
 * global configuration is read (no core.excludesFile), and matching is case-sensitive.
 */
export function gitIgnored(tree: Readonly<Record<string, string>>): Set<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pyenvc-git-'));
  try {
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dir, XDG_CONFIG_HOME: dir };
    const git = (...args: string[]) => spawnSync('git', ['-c', 'core.ignorecase=false', '-c', 'core.excludesFile=', ...args], { cwd: dir, env, encoding: 'utf8' });
    const init = git('init', '-q');
    if (init.status !== 0) throw new Error(init.stderr);
    const listed = git('ls-files', '-z', '--others', '--ignored', '--exclude-standard');
    if (listed.status !== 0) throw new Error(listed.stderr);
    return new Set(listed.stdout.split('\0').filter(Boolean));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
