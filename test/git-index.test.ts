// git applies .gitignore only to untracked files, so the CLI reads the repository's index to warn
// when a carried .gitignore line would leave a tracked file out of the image (PYENV522). The index
// reader is checked against `git ls-files` on real repositories: index versions 2 and 4, a folder
// below the work tree, a linked worktree.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trackedFiles } from '../src/cli/git-index.js';
import { pyenvc, tempFolders } from './helpers/cli.js';
import { HAS_GIT } from './helpers/git-oracle.js';

const temp = tempFolders();
afterAll(() => temp.cleanUp());

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: cwd, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function repository(files: Record<string, string>): string {
  const dir = temp.make();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  return dir;
}

const FILES = {
  '.gitignore': 'lib/\n*.log\n',
  'service/pyenv.yaml': 'version: 1\nname: demo\npreset: flask\n',
  'service/requirements.txt': 'flask\ngunicorn\n',
  'service/app.py': 'app = None\n',
  'service/.gitignore': 'lib/\n',
  'service/lib/util.py': 'X = 1\n',
  'service/lib/__init__.py': '',
  'service/run.log': '',
  'service/ünïcode näme.py': '',
  'deep/a/b/c/d.txt': '',
};

describe.skipIf(!HAS_GIT)('the index reader', () => {
  it('lists what git ls-files lists, below a folder too, and nothing git does not track', () => {
    const dir = repository(FILES);
    git(dir, 'add', '--force', 'service/lib/util.py');
    const listed = (cwd: string) => git(cwd, '-c', 'core.quotePath=false', 'ls-files').split('\n').filter(Boolean).sort();
    expect(trackedFiles(dir)).toEqual(listed(dir));
    expect(trackedFiles(join(dir, 'service'))).toEqual(listed(join(dir, 'service')));
    expect(trackedFiles(join(dir, 'service'))).toContain('lib/util.py');
    expect(trackedFiles(join(dir, 'service'))).not.toContain('lib/__init__.py');
    expect(trackedFiles(join(dir, 'service'))).toContain('ünïcode näme.py');
  });

  it('reads index version 4 (prefix-compressed names)', () => {
    const dir = repository(FILES);
    git(dir, 'update-index', '--index-version', '4');
    expect(trackedFiles(dir)).toEqual(git(dir, '-c', 'core.quotePath=false', 'ls-files').split('\n').filter(Boolean).sort());
  });

  it('follows the .git file of a linked worktree to its own index', () => {
    const dir = repository(FILES);
    git(dir, 'commit', '-q', '-m', 'first');
    const worktree = join(dir, 'worktrees', 'second');
    git(dir, 'worktree', 'add', '-q', worktree);
    expect(trackedFiles(join(worktree, 'service'))).toEqual(trackedFiles(join(dir, 'service')));
  });

  it('is undefined outside a repository', () => {
    expect(trackedFiles(temp.make())).toBeUndefined();
  });
});

describe.skipIf(!HAS_GIT)('compile warns for a tracked file a carried .gitignore line leaves out (PYENV522)', () => {
  it('lib/util.py, committed with --force under GitHub-style lib/', () => {
    const dir = repository(FILES);
    git(dir, 'add', '--force', 'service/lib/util.py', 'service/run.log');
    const r = pyenvc(['validate'], join(dir, 'service'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('.gitignore:1:1: warning PYENV522: git tracks a file this .gitignore line matches (git ignores only untracked files), and the generated .dockerignore leaves it out of the image: lib/util.py');
    expect(r.stderr).toContain('hint: if the image needs it, add "!lib/util.py" (or its folder) to project.ignore');
    // run.log is tracked too, but pyenvc's own defaults leave logs out anyway: no warning for it.
    expect(r.stderr.split('\n').filter((l) => l.includes('PYENV522')).join('\n')).not.toContain('run.log');
  });

  it('a project.ignore ! line that brings the file back silences it', () => {
    const dir = repository({ ...FILES, 'service/pyenv.yaml': 'version: 1\nname: demo\npreset: flask\nproject:\n  ignore: ["!lib/"]\n' });
    git(dir, 'add', '--force', 'service/lib/util.py');
    const r = pyenvc(['validate'], join(dir, 'service'));
    expect(r.stderr).not.toContain('PYENV522');
  });
});
