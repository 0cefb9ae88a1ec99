import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Artifact } from '../src/emit/index.js';
import { writeAllAtomically } from '../src/write/atomic.js';
import { planWrites } from '../src/write/plan-writes.js';
import { pyenvc, tempFolders } from './helpers/cli.js';

const temp = tempFolders();
afterEach(() => temp.cleanUp());

const artifact = (path: string, field = 'output.dockerfile'): Artifact => ({ path, contents: `# generated ${path}\n`, mode: 0o644, field });
const HAND = 'FROM python:3.11-slim\nCMD ["python", "main.py"]\n';

/** Plans and writes like `compile --force` does. */
function forceWrite(dir: string, artifacts: Artifact[]) {
  const actions = planWrites(artifacts, dir, true);
  writeAllAtomically(actions.map((a) => ({ target: a.target, contents: a.artifact.contents, mode: a.artifact.mode, ...(a.kind !== 'refuse' && a.keep ? { keep: a.keep } : {}) })));
  return actions;
}

describe('--force keeps the file it replaces', () => {
  it('a hand-written Dockerfile is kept as Dockerfile.orig, byte for byte and with its mode', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'Dockerfile'), HAND, { mode: 0o640 });
    const [action] = forceWrite(dir, [artifact('Dockerfile')]);
    expect(action).toMatchObject({ kind: 'update', keep: join(dir, 'Dockerfile.orig') });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('# generated Dockerfile\n');
    expect(readFileSync(join(dir, 'Dockerfile.orig'), 'utf8')).toBe(HAND);
    expect(statSync(join(dir, 'Dockerfile.orig')).mode & 0o777).toBe(0o640);
  });

  it('never overwrites an earlier backup: the next free name is taken', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'Dockerfile'), HAND);
    writeFileSync(join(dir, 'Dockerfile.orig'), 'older backup\n');
    writeFileSync(join(dir, 'Dockerfile.orig.2'), 'even older\n');
    forceWrite(dir, [artifact('Dockerfile')]);
    expect(readFileSync(join(dir, 'Dockerfile.orig'), 'utf8')).toBe('older backup\n');
    expect(readFileSync(join(dir, 'Dockerfile.orig.2'), 'utf8')).toBe('even older\n');
    expect(readFileSync(join(dir, 'Dockerfile.orig.3'), 'utf8')).toBe(HAND);
  });

  it('a backup name another artifact will take is skipped', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'Dockerfile'), HAND);
    const actions = planWrites([artifact('Dockerfile'), artifact('Dockerfile.orig', 'output.dockerignore')], dir, true);
    expect(actions[0]).toMatchObject({ keep: join(dir, 'Dockerfile.orig.2') });
  });

  it('a file pyenvc generated and nobody edited is replaced without a backup', () => {
    const dir = temp.make();
    const first = temp.make();
    writeFileSync(join(first, 'pyenv.yaml'), 'version: 1\nname: demo\npreset: script\n');
    writeFileSync(join(first, 'main.py'), 'print("hello")\n');
    expect(pyenvc(['compile'], first).code).toBe(0);
    writeFileSync(join(dir, 'Dockerfile'), readFileSync(join(first, 'Dockerfile'), 'utf8'));
    const [action] = planWrites([artifact('Dockerfile')], dir, true);
    expect(action).toMatchObject({ kind: 'update' });
    expect(action).not.toHaveProperty('keep');
  });

  it('a failed write removes the backups it made and leaves every file as it was', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'Dockerfile'), HAND);
    writeFileSync(join(dir, 'compose.yaml'), 'services: {}\n');
    const actions = planWrites([artifact('Dockerfile'), artifact('compose.yaml', 'compose.file')], dir, true);
    let calls = 0;
    const failSecond = (path: string, contents: string) => {
      if (++calls === 2) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      writeFileSync(path, contents, { flag: 'wx' });
    };
    expect(() => writeAllAtomically(actions.map((a) => ({ target: a.target, contents: a.artifact.contents, mode: a.artifact.mode, ...(a.kind !== 'refuse' && a.keep ? { keep: a.keep } : {}) })), failSecond)).toThrow('disk full');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(HAND);
    expect(existsSync(join(dir, 'Dockerfile.orig'))).toBe(false);
    expect(existsSync(join(dir, 'compose.yaml.orig'))).toBe(false);
  });

  it('an existing file at the backup name stops the write instead of being overwritten (exclusive copy)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyenvc-keep-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), HAND);
      writeFileSync(join(dir, 'Dockerfile.orig'), 'appeared after planning\n');
      expect(() => writeAllAtomically([{ target: join(dir, 'Dockerfile'), contents: 'new\n', mode: 0o644, keep: join(dir, 'Dockerfile.orig') }])).toThrow(/EEXIST/);
      expect(readFileSync(join(dir, 'Dockerfile.orig'), 'utf8')).toBe('appeared after planning\n');
      expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(HAND);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compile through the binary', () => {
  it('PYENV503 names the output field, --out DIR and --force; --force then says where the original is', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'pyenv.yaml'), 'version: 1\nname: demo\npreset: script\n');
    writeFileSync(join(dir, 'main.py'), 'print("hello")\n');
    writeFileSync(join(dir, 'Dockerfile'), HAND);
    writeFileSync(join(dir, 'Dockerfile.orig'), 'older backup\n');
    const refused = pyenvc(['compile'], dir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Dockerfile: error PYENV503: not written: the file exists and was not generated by pyenvc');
    expect(refused.stderr).toContain('output.dockerfile in the manifest, or --out DIR');
    expect(refused.stderr).toContain('pass --force to replace it (yours is kept as Dockerfile.orig.2)');
    expect(existsSync(join(dir, 'docker-entrypoint.sh'))).toBe(false);
    const forced = pyenvc(['compile', '--force'], dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('Dockerfile (updated; the file it replaced is kept as Dockerfile.orig.2)');
    expect(readFileSync(join(dir, 'Dockerfile.orig.2'), 'utf8')).toBe(HAND);
    expect(readFileSync(join(dir, 'Dockerfile.orig'), 'utf8')).toBe('older backup\n');
    const json = pyenvc(['compile', '--force', '--json'], dir);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { manifests: { files: { keptAs?: string }[] }[] }).manifests[0]!.files.every((f) => f.keptAs === undefined)).toBe(true);
  });
});
