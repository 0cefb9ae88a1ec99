import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempFolders } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

const temp = tempFolders();
afterAll(() => temp.cleanUp());

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; files: string[]; scripts: Record<string, string> };

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the npm package', () => {
  it('builds dist/ before packing, and ships the binary, schema and presets but no tests or fixtures', () => {
    expect(pkg.scripts.prepack).toContain('npm run build');
    expect(pkg.bin.pyenvc).toBe('dist/pyenvc.cjs');
    expect(readFileSync(join(ROOT, 'src', 'cli', 'main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const dry = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
    expect(dry.code, dry.stderr).toBe(0);
    const files = (JSON.parse(dry.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    for (const needed of ['dist/pyenvc.cjs', 'dist/pyenvc-main.cjs', 'dist/cli/main.js', 'dist/index.js', 'dist/generated/assets.js', 'schema/pyenv.schema.json', 'presets/flask.yaml', 'README.md', 'package.json']) expect(files).toContain(needed);
    expect(files.filter((f) => /^(test|fixtures|scripts|examples)\//.test(f) || (f.startsWith('src/') && f.endsWith('.ts')))).toEqual([]);
  });

  // `npm test` has just built dist/, so the pack skips prepack here; the install needs no network
  // when the npm cache holds the dependencies (it does after `npm ci`).
  it('the packed tarball installs into an empty folder, and its bin runs: --version, compile, schema, presets', { timeout: 180_000 }, () => {
    const out = temp.make();
    const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', out, '--json'], ROOT);
    expect(pack.code, pack.stderr).toBe(0);
    const tarball = join(out, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
    const app = join(out, 'app');
    cpSync(join(ROOT, 'examples', 'flask-app'), join(app, 'service'), { recursive: true, filter: (src) => /(flask-app|pyenv\.yaml|requirements\.txt|app\.py)$/.test(src) });
    writeFileSync(join(app, 'package.json'), '{ "name": "consumer", "version": "9.9.9", "private": true }\n');
    const install = run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], app);
    expect(install.code, install.stderr).toBe(0);

    const npx = (...args: string[]) => run('npx', ['--no-install', 'pyenvc', ...args], app);
    const version = npx('--version');
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version); // pyenvc's own version, not the consumer's 9.9.9
    expect(readdirSync(join(app, 'service')).sort()).toEqual(['app.py', 'pyenv.yaml', 'requirements.txt']);
    const compiled = npx('compile', 'service/pyenv.yaml');
    expect(compiled.code, compiled.stderr).toBe(0);
    for (const f of ['Dockerfile', '.dockerignore', 'docker-entrypoint.sh', 'compose.yaml']) {
      expect(readFileSync(join(app, 'service', f), 'utf8'), f).toBe(readFileSync(join(ROOT, 'examples', 'flask-app', f), 'utf8'));
    }
    expect(npx('compile', '--check', 'service/pyenv.yaml').code).toBe(0);
    const installed = join(app, 'node_modules', pkg.name);
    expect(existsSync(join(installed, 'schema', 'pyenv.schema.json'))).toBe(true);
    expect(readdirSync(join(installed, 'presets')).sort()).toEqual(readdirSync(join(ROOT, 'presets')).sort());
    expect(JSON.parse(npx('schema').stdout)).toEqual(JSON.parse(readFileSync(join(installed, 'schema', 'pyenv.schema.json'), 'utf8')));
    expect(npx('presets').stdout.trim().split('\n')).toHaveLength(readdirSync(join(ROOT, 'presets')).length);
  });
});
