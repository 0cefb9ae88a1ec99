import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFastArgs } from '../src/cli/fast-args.js';
import { FIXTURES, ROOT } from './helpers/fixtures.js';

// The bundled command (dist/pyenvc.cjs: esbuild bundle of src/cli/entry.ts, fast compile/validate path,
// code-cache loader) must behave exactly like the yargs command line it speeds up (dist/cli/main.js).
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const BUNDLE = join(ROOT, 'dist', 'pyenvc.cjs');
let work: string;

function run(cli: string, args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Two identical project trees (one per CLI), so commands that write compare like for like. */
function pair(): [string, string] {
  const dirs = ['a', 'b'].map((side) => {
    const dir = join(work, `${side}-${Math.random().toString(36).slice(2)}`);
    for (const name of ['flask', 'worker']) cpSync(join(FIXTURES, name), join(dir, name), { recursive: true, filter: (s) => !s.includes('/expected') });
    cpSync(join(FIXTURES, '_errors_', 'duplicate-key'), join(dir, 'broken'), { recursive: true, filter: (s) => !s.includes('/expected') });
    return dir;
  });
  return [dirs[0]!, dirs[1]!];
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name).slice(dir.length)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'pyenvc-bundle-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('bundled command (dist/pyenvc.cjs) = yargs command (dist/cli/main.js)', () => {
  const cases: { name: string; args: string[]; prepare?: (dir: string) => void }[] = [
    { name: 'compile writes', args: ['compile', 'flask/pyenv.yaml'] },
    { name: 'compile --stdout', args: ['compile', 'flask/pyenv.yaml', '--stdout'] },
    { name: 'batch --check, one stale (fast path)', args: ['compile', '*/pyenv.yaml', '--check', '--json'], prepare: (d) => { run(MAIN, ['compile', 'flask/pyenv.yaml', 'worker/pyenv.yaml'], d); appendFileSync(join(d, 'flask', 'Dockerfile'), '# edited\n'); } },
    { name: 'validate with a broken manifest', args: ['validate', 'flask/pyenv.yaml', 'broken/pyenv.yaml'] },
    { name: 'missing manifest (usage error)', args: ['compile', 'nope/pyenv.yaml'] },
    { name: '--out', args: ['compile', 'worker/pyenv.yaml', '--out=out'] },
    { name: 'a negation goes to yargs', args: ['compile', 'flask/pyenv.yaml', '--no-check', '--stdout'] },
    { name: 'an unknown option goes to yargs', args: ['compile', 'flask/pyenv.yaml', '--chekc'] },
    { name: '--version goes to yargs', args: ['--version'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [a, b] = pair();
      c.prepare?.(a);
      c.prepare?.(b);
      const expected = run(MAIN, c.args, a);
      const actual = run(BUNDLE, c.args, b);
      expect(actual).toEqual(expected);
      expect(tree(b)).toEqual(tree(a));
    });
  }
});

describe('parseFastArgs', () => {
  it('takes the everyday command lines, as main.ts would pass them', () => {
    expect(parseFastArgs(['compile'])).toEqual({ manifests: [], check: false, stdout: false, force: false, json: false, validateOnly: false });
    expect(parseFastArgs(['compile', 'a/pyenv.yaml', 'b/*.yaml', '--check', '--json'])).toEqual({ manifests: ['a/pyenv.yaml', 'b/*.yaml'], check: true, stdout: false, force: false, json: true, validateOnly: false });
    expect(parseFastArgs(['compile', '--out', 'o', '--force', 'x.yaml'])).toEqual({ manifests: ['x.yaml'], check: false, stdout: false, force: true, out: 'o', json: false, validateOnly: false });
    expect(parseFastArgs(['validate', 'x.yaml', '--json'])).toEqual({ manifests: ['x.yaml'], check: false, stdout: false, force: false, json: true, validateOnly: true });
  });
  it('leaves everything else to yargs', () => {
    for (const argv of [[], ['--help'], ['compile', '--help'], ['schema'], ['presets'], ['compile', '--no-check'], ['compile', '--check=true'], ['compile', '--check', 'false'], ['compile', '--out', 'a', '--out', 'b'], ['compile', '--', 'x'], ['compile', ''], ['compile', '-h'], ['validate', '--check'], ['--check', 'compile']]) {
      expect(parseFastArgs(argv), argv.join(' ')).toBeUndefined();
    }
  });
});
