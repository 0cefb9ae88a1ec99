import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pyenvc, tempFolders } from './helpers/cli.js';
import { FIXTURES } from './helpers/fixtures.js';

const temp = tempFolders();
afterEach(() => temp.cleanUp());

interface Report {
  command: string;
  summary: { manifests: number; manifestsWithErrors: number; files: number; staleManifests: number; staleFiles: number; handEditedFiles: number };
  manifests: { manifest: string; ok: boolean; files: { path: string; state: string; message?: string; diff?: string }[] }[];
  exitCode: number;
}

const json = (stdout: string) => JSON.parse(stdout) as Report;
const edit = (path: string, from: string, to: string) => writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));

describe('regeneration workflow: compile --check', () => {
  it('a clean tree checks 0 and says so; a changed manifest gives 3 and a diff with the old and new lines', () => {
    const dir = temp.copy(join(FIXTURES, 'flask'));
    expect(pyenvc(['compile'], dir).code).toBe(0);
    const clean = pyenvc(['compile', '--check'], dir);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
    expect(clean.stderr).toContain('checked 1 manifest (5 files): all up to date');
    edit(join(dir, 'pyenv.yaml'), 'http: /healthz', 'http: /ready');
    const before = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const stale = pyenvc(['compile', '--check'], dir);
    expect(stale.code).toBe(3);
    expect(stale.stdout).toContain('Dockerfile: stale');
    expect(stale.stdout).toContain('--- a/Dockerfile\n+++ b/Dockerfile');
    expect(stale.stdout).toMatch(/^-.*\/healthz.*$/m);
    expect(stale.stdout).toMatch(/^\+.*\/ready.*$/m);
    expect(stale.stderr).toContain('checked 1 manifest (5 files): 1 stale (1 file)');
    expect(stale.stderr).not.toContain('--force'); // nothing was edited by hand: a plain compile fixes it
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(before); // --check writes nothing
  });

  it('--json names every file with its state and carries the diffs; hand edits and CRLF checkouts are told apart', () => {
    const dir = temp.copy(join(FIXTURES, 'flask'));
    expect(pyenvc(['compile'], dir).code).toBe(0);
    edit(join(dir, 'Dockerfile'), 'EXPOSE 8000', 'EXPOSE 9000');
    writeFileSync(join(dir, 'compose.yaml'), readFileSync(join(dir, 'compose.yaml'), 'utf8').replace(/\n/g, '\r\n'));
    const r = pyenvc(['compile', '--check', '--json'], dir);
    expect(r.code).toBe(3);
    const report = json(r.stdout);
    expect(report.command).toBe('check');
    expect(report.exitCode).toBe(3);
    const states = Object.fromEntries(report.manifests[0]!.files.map((f) => [f.path, f.state]));
    expect(states).toEqual({ Dockerfile: 'hand-edited', '.dockerignore': 'up-to-date', 'docker-entrypoint.sh': 'up-to-date', 'compose.yaml': 'line-endings', '.devcontainer/devcontainer.json': 'up-to-date' });
    const dockerfile = report.manifests[0]!.files.find((f) => f.path === 'Dockerfile')!;
    expect(dockerfile.diff).toMatch(/^-EXPOSE 9000$/m);
    expect(dockerfile.diff).toMatch(/^\+EXPOSE 8000$/m);
    expect(dockerfile.message).toContain('--force');
    expect(report.summary).toEqual({ manifests: 1, manifestsWithErrors: 0, files: 5, staleManifests: 1, staleFiles: 2, handEditedFiles: 1 });
    // The summary's hint leads past PYENV503 (a plain compile refuses a hand-edited file): --force, after moving the change.
    const text = pyenvc(['compile', '--check'], dir);
    expect(text.stderr).toContain('1 file edited by hand: move the change into the manifest first, then run `pyenvc compile --force`');
  });

  it('a hand-edited artifact: compile refuses (3) and leaves every file untouched; --force replaces it', () => {
    const dir = temp.copy(join(FIXTURES, 'flask'));
    expect(pyenvc(['compile'], dir).code).toBe(0);
    edit(join(dir, 'Dockerfile'), 'EXPOSE 8000', '# my tweak\nEXPOSE 8000');
    edit(join(dir, 'pyenv.yaml'), 'FLASK_ENV: production', 'FLASK_ENV: staging');
    const snapshot = ['Dockerfile', 'compose.yaml', '.dockerignore', 'docker-entrypoint.sh'].map((f) => readFileSync(join(dir, f), 'utf8'));
    const refused = pyenvc(['compile', '--json'], dir);
    expect(refused.code).toBe(3);
    const files = json(refused.stdout).manifests[0]!.files;
    expect(files.find((f) => f.path === 'Dockerfile')!.state).toBe('hand-edited');
    expect(files.filter((f) => f.path !== 'Dockerfile').every((f) => f.state === 'not-written')).toBe(true);
    expect(['Dockerfile', 'compose.yaml', '.dockerignore', 'docker-entrypoint.sh'].map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(snapshot);
    const forced = pyenvc(['compile', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).not.toContain('# my tweak');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('FLASK_ENV="staging"');
    expect(pyenvc(['compile', '--check'], dir).code).toBe(0);
  });

  it('a same-named file pyenvc did not write is never overwritten without --force', () => {
    const dir = temp.copy(join(FIXTURES, 'flask'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.12\n');
    const r = pyenvc(['compile'], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Dockerfile: error PYENV503: not written: the file exists and was not generated by pyenvc');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM python:3.12\n');
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false); // all files of a manifest, or none
    const check = json(pyenvc(['compile', '--check', '--json'], dir).stdout);
    expect(check.manifests[0]!.files.map((f) => f.state)).toEqual(['not-generated', 'missing', 'missing', 'missing', 'missing']);
  });

  it('globs over several manifests: one process, sorted, and the summary counts checked and stale', () => {
    const root = temp.make();
    for (const name of ['flask', 'fastapi', 'worker', 'script']) temp.copy(join(FIXTURES, name), root, `services/${name}`);
    expect(pyenvc(['compile', 'services/*/pyenv.yaml'], root).code).toBe(0);
    expect(pyenvc(['compile', '--check', 'services/**/pyenv.yaml'], root).stderr).toContain('checked 4 manifests (18 files): all up to date');
    edit(join(root, 'services/worker/pyenv.yaml'), 'name: ', 'name: renamed-');
    edit(join(root, 'services/script/pyenv.yaml'), 'version: 1', 'version: 1\nenv: { A: "1" }');
    const r = pyenvc(['compile', '--check', '--json', 'services/*/pyenv.yaml'], root);
    expect(r.code).toBe(3);
    const report = json(r.stdout);
    expect(report.manifests.map((m) => m.manifest)).toEqual(['services/fastapi/pyenv.yaml', 'services/flask/pyenv.yaml', 'services/script/pyenv.yaml', 'services/worker/pyenv.yaml']);
    expect(report.summary.manifests).toBe(4);
    expect(report.summary.staleManifests).toBe(2);
    const human = pyenvc(['compile', '--check', 'services/*/pyenv.yaml'], root);
    expect(human.stderr).toContain('checked 4 manifests (18 files): 2 stale');
    expect(human.stdout).toContain('services/worker/compose.yaml: stale');
  });

  it('manifest errors outrank stale files in the exit code, and --out takes one manifest', () => {
    const root = temp.make();
    temp.copy(join(FIXTURES, 'flask'), root, 'a');
    temp.copy(join(FIXTURES, '_errors_', 'float-version'), root, 'b');
    const r = pyenvc(['compile', '--check', '--json', '*/pyenv.yaml'], root);
    expect(r.code).toBe(1);
    expect(json(r.stdout).summary).toMatchObject({ manifests: 2, manifestsWithErrors: 1, staleManifests: 1 });
    const out = pyenvc(['compile', '--out', 'build', '*/pyenv.yaml'], root);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--out takes one manifest');
    expect(pyenvc(['compile', '--check', '--force'], root).code).toBe(2);
  });
});
