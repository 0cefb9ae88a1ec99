import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT } from './helpers/fixtures.js';

const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const made: string[] = [];

/** Runs the built pyenvc binary as a user would. */
function pyenvc(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of a fixture (inputs only) in a temporary folder. */
function copyFixture(name: string, from = FIXTURES): string {
  const dir = mkdtempSync(join(tmpdir(), 'pyenvc-cli-'));
  made.push(dir);
  cpSync(join(from, name), dir, { recursive: true, filter: (src) => !src.includes(`${name}/expected`) });
  return dir;
}

afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});

describe('pyenvc CLI (built binary)', () => {
  it('compile writes the four artifacts, the entrypoint with mode 0755, identical to the goldens', () => {
    const dir = copyFixture('flask');
    const { code, stderr } = pyenvc(['compile'], dir);
    expect(code, stderr).toBe(0);
    for (const f of ['Dockerfile', '.dockerignore', 'docker-entrypoint.sh', 'compose.yaml']) {
      expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(FIXTURES, 'flask', 'expected', f), 'utf8'));
    }
    expect(statSync(join(dir, 'docker-entrypoint.sh')).mode & 0o777).toBe(0o755);
  });

  it('a manifest error exits 1, names file:line:column with a hint, and writes nothing', () => {
    const dir = copyFixture('float-version', join(FIXTURES, '_errors_'));
    const before = readdirSync(dir).sort();
    const { code, stderr } = pyenvc(['compile', 'pyenv.yaml'], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('pyenv.yaml:5:12: error PYENV104');
    expect(stderr).toContain('hint: quote it: version: "3.10"');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('validate exits 1 for both unquoted versions and 0 for the quoted one (C39)', () => {
    const dir = copyFixture('flask');
    for (const [version, expected] of [['3.10', 1], ['3.9', 1], ['"3.10"', 0]] as const) {
      const text = readFileSync(join(dir, 'pyenv.yaml'), 'utf8').replace(/version: "3.11"/, `version: ${version}`);
      writeFileSync(join(dir, 'pyenv.yaml'), text);
      const { code, stderr } = pyenvc(['validate'], dir);
      expect(code, stderr).toBe(expected);
      if (expected === 1) expect(stderr).toContain(`quote it: version: "${version}"`);
      writeFileSync(join(dir, 'pyenv.yaml'), readFileSync(join(FIXTURES, 'flask', 'pyenv.yaml')));
    }
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
  });

  it('--check exits 3 with a unified diff when files are missing or stale, 0 when up to date', () => {
    const dir = copyFixture('flask');
    let r = pyenvc(['compile', '--check'], dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('+++ b/Dockerfile');
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
    expect(pyenvc(['compile'], dir).code).toBe(0);
    expect(pyenvc(['compile', '--check'], dir).code).toBe(0);
    writeFileSync(join(dir, 'pyenv.yaml'), readFileSync(join(dir, 'pyenv.yaml'), 'utf8').replace('FLASK_ENV: production', 'FLASK_ENV: staging'));
    r = pyenvc(['compile', '--check'], dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^-.*production.*$/m);
    expect(r.stdout).toMatch(/^\+.*staging.*$/m);
  });

  it('refuses to overwrite a hand-edited file (exit 3) unless --force', () => {
    const dir = copyFixture('flask');
    expect(pyenvc(['compile'], dir).code).toBe(0);
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, readFileSync(path, 'utf8').replace('EXPOSE 8000', 'EXPOSE 9000'));
    writeFileSync(join(dir, 'pyenv.yaml'), readFileSync(join(dir, 'pyenv.yaml'), 'utf8').replace('FLASK_ENV: production', 'FLASK_ENV: staging'));
    const refused = pyenvc(['compile'], dir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('edited by hand');
    expect(readFileSync(path, 'utf8')).toContain('EXPOSE 9000');
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).not.toContain('staging');
    expect(pyenvc(['compile', '--force'], dir).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('EXPOSE 8000');
  });

  it('a missing manifest is a usage error (exit 2) without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyenvc-cli-'));
    made.push(dir);
    const r = pyenvc(['compile'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pyenv.yaml: no such file');
    expect(pyenvc(['compile', '--no-such-flag'], dir).code).toBe(2);
  });

  it('an output folder that cannot be written exits 73 (not 2, a usage error) with the cause, no stack trace, nothing left behind', () => {
    const dir = copyFixture('flask');
    const r = pyenvc(['compile', '--out', 'app.py'], dir);
    expect(r.code).toBe(73);
    expect(r.stderr).toMatch(/: (EEXIST|ENOTDIR); nothing was changed/);
    expect(r.stderr).toContain('cannot write the generated files of pyenv.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).filter((f) => f.includes('pyenvc'))).toEqual([]);
  });

  it('compiles many manifests from a glob in one process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyenvc-cli-'));
    made.push(dir);
    for (const name of ['flask', 'fastapi', 'worker']) cpSync(join(FIXTURES, name), join(dir, name), { recursive: true });
    const r = pyenvc(['compile', '*/pyenv.yaml', '--check', '--json'], dir);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as { manifests: { manifest: string }[] };
    expect(report.manifests.map((m) => m.manifest)).toEqual(['fastapi/pyenv.yaml', 'flask/pyenv.yaml', 'worker/pyenv.yaml']);
  });

  it('schema prints the JSON Schema and presets lists all seven presets', () => {
    const schema = JSON.parse(pyenvc(['schema'], ROOT).stdout) as { $schema: string };
    expect(schema.$schema).toContain('2020-12');
    const presets = pyenvc(['presets'], ROOT).stdout.trim().split('\n').map((l) => l.split(' ')[0]);
    expect(presets).toEqual(['django', 'fastapi', 'flask', 'jupyter', 'script', 'streamlit', 'worker']);
  });
});
