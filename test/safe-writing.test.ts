import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Artifact } from '../src/emit/index.js';
import { writeAllAtomically, type WriteFileFn } from '../src/write/atomic.js';
import { planWrites } from '../src/write/plan-writes.js';
import { FIXTURES, ROOT } from './helpers/fixtures.js';

const made: string[] = [];
function temporaryFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pyenvc-write-'));
  made.push(dir);
  return dir;
}
afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});

const artifact = (path: string, contents = `new ${path}\n`): Artifact => ({ path, contents, mode: 0o644 });

/** Every file under `dir` with its contents, for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name).slice(dir.length + 1)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    else if (entry.isDirectory()) out[`${join(entry.parentPath, entry.name).slice(dir.length + 1)}/`] = '';
  }
  return out;
}

describe('planWrites keeps every output inside the output folder', () => {
  it('refuses paths that leave the folder, even with --force', () => {
    const dir = temporaryFolder();
    const actions = planWrites([artifact('../outside/Dockerfile'), artifact('/etc/pyenvc-test'), artifact('ok/Dockerfile')], dir, true);
    expect(actions.map((a) => a.kind)).toEqual(['refuse', 'refuse', 'create']);
    expect(actions[0]).toMatchObject({ reason: 'the output path leaves the output folder' });
  });

  it('does not mistake a file named "..x" for a path leaving the folder', () => {
    expect(planWrites([artifact('..compose.yaml')], temporaryFolder(), false)[0]!.kind).toBe('create');
  });

  it('refuses a symbolic link at the output path, even with --force', () => {
    const dir = temporaryFolder();
    const outside = temporaryFolder();
    writeFileSync(join(outside, 'victim'), 'keep me\n');
    symlinkSync(join(outside, 'victim'), join(dir, 'Dockerfile'));
    const [action] = planWrites([artifact('Dockerfile')], dir, true);
    expect(action).toMatchObject({ kind: 'refuse', reason: 'the output path is a symbolic link' });
  });

  it('refuses an output path that goes through a symbolic link to a folder', () => {
    const dir = temporaryFolder();
    const outside = temporaryFolder();
    symlinkSync(outside, join(dir, 'docker'));
    const [action] = planWrites([artifact('docker/Dockerfile')], dir, true);
    expect(action).toMatchObject({ kind: 'refuse', reason: 'the folder docker on the output path is a symbolic link' });
  });
});

describe('writeAllAtomically writes all files or none', () => {
  function setUp() {
    const dir = temporaryFolder();
    writeFileSync(join(dir, 'Dockerfile'), 'old Dockerfile\n');
    writeFileSync(join(dir, 'compose.yaml'), 'old compose\n');
    const files = ['Dockerfile', 'new/deeper/.dockerignore', 'docker-entrypoint.sh', 'compose.yaml'].map((p) => ({ target: join(dir, p), contents: `new ${p}\n`, mode: 0o644 }));
    return { dir, files, before: snapshot(dir) };
  }

  it('a writer failing on the third file leaves every earlier file as it was', () => {
    const { dir, files, before } = setUp();
    let calls = 0;
    const failing: WriteFileFn = (path, contents, mode) => {
      if (++calls === 3) throw new Error('disk full');
      writeFileSync(path, contents, { mode, flag: 'wx' });
    };
    expect(() => writeAllAtomically(files, failing, 'test')).toThrow('disk full');
    expect(calls).toBe(3);
    expect(snapshot(dir)).toEqual(before); // no temp files, no half-created folders, old contents
  });

  it('a rename failing in the commit phase puts back the files already replaced', () => {
    const { dir, files, before } = setUp();
    let renames = 0;
    const failingRename = (from: string, to: string) => {
      if (from.endsWith('.tmp') && to.endsWith('compose.yaml')) throw new Error('EXDEV');
      renames++;
      renameSync(from, to);
    };
    expect(() => writeAllAtomically(files, undefined, 'test', failingRename)).toThrow('EXDEV');
    expect(renames).toBeGreaterThan(3); // Dockerfile, .dockerignore and the entrypoint were already in place
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes everything when nothing fails, and leaves no backups behind', () => {
    const { dir, files } = setUp();
    writeAllAtomically(files, undefined, 'test');
    expect(snapshot(dir)).toEqual({
      Dockerfile: 'new Dockerfile\n',
      'compose.yaml': 'new compose.yaml\n',
      'docker-entrypoint.sh': 'new docker-entrypoint.sh\n',
      'new/': '',
      'new/deeper/': '',
      'new/deeper/.dockerignore': 'new new/deeper/.dockerignore\n',
    });
  });

  it('never writes through a symbolic link planted at the temporary name', () => {
    const dir = temporaryFolder();
    const outside = temporaryFolder();
    writeFileSync(join(outside, 'victim'), 'keep me\n');
    symlinkSync(join(outside, 'victim'), join(dir, 'Dockerfile.pyenvc-test.tmp'));
    expect(() => writeAllAtomically([{ target: join(dir, 'Dockerfile'), contents: 'x\n', mode: 0o644 }], undefined, 'test')).toThrow(/EEXIST/);
    expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('keep me\n');
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
  });
});

describe('the CLI refuses outputs through symbolic links and writes nothing', () => {
  it('exit 3 when output.dockerfile goes through a linked folder; no file written anywhere', () => {
    const dir = temporaryFolder();
    const outside = temporaryFolder();
    cpSync(join(FIXTURES, 'flask'), dir, { recursive: true, filter: (src) => !src.includes('expected') });
    writeFileSync(join(dir, 'pyenv.yaml'), `${readFileSync(join(dir, 'pyenv.yaml'), 'utf8')}output:\n  dockerfile: docker/Dockerfile\n`);
    symlinkSync(outside, join(dir, 'docker'));
    mkdirSync(join(outside, 'keep'));
    const before = snapshot(dir);
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'compile'], { cwd: dir, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(3);
    expect(result.stderr).toContain('error PYENV503: not written: the folder docker on the output path is a symbolic link');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(outside)).toEqual(['keep']);
  });
});
