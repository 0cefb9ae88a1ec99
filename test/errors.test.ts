import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../src/cli/commands/compile.js';
import { materializeErrorFixture } from './helpers/error-fixtures.js';
import { errorFixtures, FIXTURES, renderAll, ROOT } from './helpers/fixtures.js';

const base = mkdtempSync(join(tmpdir(), 'pyenvc-errors-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const names = errorFixtures();
const projects = Object.fromEntries(names.map((name) => [name, materializeErrorFixture(name, base)]));

/** Every file under `dir` (links not followed) with its bytes, to prove nothing was written. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => `${relative(dir, join(e.parentPath, e.name))} ${e.isFile() ? readFileSync(join(e.parentPath, e.name)).length : e.isSymbolicLink() ? 'link' : 'dir'}`)
    .sort();
}

describe('error fixtures (fixtures/_errors_)', () => {
  it('hold at least 40 cases', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of names) {
    it(`${name}: fails with the expected diagnostics, each with code, position and hint, in under a second`, async () => {
      const started = performance.now();
      // As the CLI reads it: raw bytes, the file system reader and the symlink check.
      const result = compileFile(join(projects[name]!, 'pyenv.yaml'), 'pyenv.yaml');
      expect(performance.now() - started).toBeLessThan(1000);
      expect(result.ok).toBe(false);
      expect(result.artifacts).toEqual([]);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const d of errors) {
        expect(d.code).toMatch(/^PYENV\d{3}$/);
        expect(d.hint, `${d.code} has a hint`).toBeTruthy();
        expect(d.line, `${d.code} has a position`).toBeGreaterThan(0);
        expect(d.column, `${d.code} has a column`).toBeGreaterThan(0);
        expect(d.message, 'the cause is one line').not.toMatch(/\n/);
        expect(d.hint, 'the fix is one line').not.toMatch(/\n/);
      }
      await expect(renderAll(result)).toMatchFileSnapshot(join(FIXTURES, '_errors_', name, 'expected', 'stderr.txt'));
    });
  }
});

describe('error fixtures through the built CLI', () => {
  const CLI = join(ROOT, 'dist', 'cli', 'main.js');
  const manifests = names.map((name) => `${name}/project/pyenv.yaml`);
  const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'compile', ...args, ...manifests], { cwd: base, encoding: 'utf8' });

  it('every case exits 1 with the golden diagnostics, no stack trace, and nothing written', () => {
    const before = snapshot(base);
    const started = performance.now();
    const text = run([]);
    expect(performance.now() - started).toBeLessThan(1000 * names.length);
    expect(text.status, text.stderr).toBe(1);
    expect(text.stderr).not.toMatch(/\n\s+at |internal error/);
    // The goldens name files relative to the manifest's folder; the CLI names them as given.
    const expected = names
      .map((name) => readFileSync(join(FIXTURES, '_errors_', name, 'expected', 'stderr.txt'), 'utf8').replace(/^(\S+?)((:\d+:\d+)?: (error|warning|note) PYENV\d{3}: )/gm, `${name}/project/$1$2`))
      .join('');
    expect(text.stderr).toBe(expected);
    const json = run(['--json']);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as { manifests: { manifest: string; ok: boolean; files: unknown[] }[] };
    expect(report.manifests.map((m) => m.manifest)).toEqual(manifests);
    for (const m of report.manifests) expect({ manifest: m.manifest, ok: m.ok, files: m.files }).toEqual({ manifest: m.manifest, ok: false, files: [] });
    expect(snapshot(base)).toEqual(before);
  });
});
