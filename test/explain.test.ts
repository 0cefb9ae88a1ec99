import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { explainPlan, explainSettings, type ExplainedSection } from '../src/explain/explain.js';
import { renderExplanation } from '../src/explain/render.js';
import { loadManifest } from '../src/manifest/load.js';
import { normalizeManifest } from '../src/manifest/normalize.js';
import { pyenvc, tempFolders } from './helpers/cli.js';
import { compileFolder, FIXTURES } from './helpers/fixtures.js';

const temp = tempFolders();
afterEach(() => temp.cleanUp());

function explainFolder(folder: string) {
  const result = compileFolder(folder);
  expect(result.ok).toBe(true);
  const effective = normalizeManifest(loadManifest('pyenv.yaml', result.sources['pyenv.yaml']!).loaded!).manifest;
  return { sections: explainPlan(result.plan!, effective), settings: explainSettings(effective, result.plan!.origins), plan: result.plan! };
}

function row(sections: ExplainedSection[], section: string, field: string) {
  const found = sections.find((s) => s.section === section)?.values.find((v) => v.field === field);
  if (!found) throw new Error(`no ${section}.${field}`);
  return found;
}

describe('pyenvc explain', () => {
  it('names the origin of every value: manifest line:column, preset, default, pyenvc', () => {
    const { sections } = explainFolder(join(FIXTURES, 'flask'));
    expect(sections.map((s) => s.section)).toEqual(['base', 'dependencies', 'shell', 'ports', 'entrypoint', 'finalize', 'devcontainer']);
    // run.app is on line 10, column 8 of fixtures/flask/pyenv.yaml; the command's shape comes from the preset.
    expect(row(sections, 'entrypoint', 'command').from).toEqual([
      { path: 'run.app', origin: { kind: 'manifest', line: 10, column: 8 } },
      { path: 'preset', origin: { kind: 'preset', preset: 'flask' } },
    ]);
    expect(row(sections, 'ports', 'container').from).toEqual([{ path: 'run.ports', origin: { kind: 'preset', preset: 'flask' } }]);
    expect(row(sections, 'finalize', 'env.FLASK_ENV')).toEqual({ field: 'env.FLASK_ENV', value: 'production', from: [{ path: 'env.FLASK_ENV', origin: { kind: 'manifest', line: 14, column: 14 } }] });
    expect(row(sections, 'finalize', 'env.PYTHONUNBUFFERED').from).toEqual([{ path: '', origin: { kind: 'pyenvc' } }]);
    expect(row(sections, 'shell', 'uid').from).toEqual([{ path: 'user.uid', origin: { kind: 'default' } }]);
    expect(row(sections, 'base', 'runtimeImage').from.map((s) => `${s.path}:${s.origin.kind}`)).toEqual(['python.version:manifest', 'base.variant:default']);
    // No value is left without a source.
    for (const s of sections) for (const v of s.values) expect(v.from.length, `${s.section}.${v.field}`).toBeGreaterThan(0);
  });

  it('a detected dependency manager is explained by its detection rule', () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'pyenv.yaml'), 'version: 1\nname: detect\npreset: script\n');
    writeFileSync(join(dir, 'requirements.txt'), 'requests\n');
    writeFileSync(join(dir, 'main.py'), 'print(1)\n');
    const { sections } = explainFolder(dir);
    expect(row(sections, 'dependencies', 'manager')).toMatchObject({ value: 'pip', from: [{ path: 'dependencies', origin: { kind: 'detection', rule: 'requirements.txt exists' } }] });
    expect(row(sections, 'entrypoint', 'command').from).toEqual([{ path: 'run.command', origin: { kind: 'preset', preset: 'script' } }]);
  });

  it('settings list every effective manifest value with its origin', () => {
    const { settings } = explainFolder(join(FIXTURES, 'jupyter-token'));
    const byPath = Object.fromEntries(settings.map((s) => [s.path, s]));
    expect(byPath['jupyter.port']).toEqual({ path: 'jupyter.port', value: 8888, origin: { kind: 'preset', preset: 'jupyter' } });
    expect(byPath['jupyter.interface']).toEqual({ path: 'jupyter.interface', value: 'notebook', origin: { kind: 'manifest', line: 10, column: 14 } });
    expect(byPath['user.name']!.origin).toEqual({ kind: 'default' });
  });

  it('the human rendering has one block per section with a "from" column, and wraps long values', () => {
    const { sections, plan } = explainFolder(join(FIXTURES, 'flask'));
    const text = renderExplanation('pyenv.yaml', plan.name, sections);
    expect(text).toMatch(/^entrypoint\n {2}field +value +from$/m);
    expect(text).toMatch(/^ {2}command +gunicorn --bind 0\.0\.0\.0:8000 app:app +run\.app pyenv\.yaml:10:8; preset flask$/m);
    expect(text).toMatch(/^ {2}env\.FLASK_ENV +production +env\.FLASK_ENV pyenv\.yaml:14:14$/m);
    expect(text.split('\n').every((l) => l.length <= 160)).toBe(true);
    expect(text).not.toMatch(/[ \t]$/m);
  });

  it('CLI: --json is machine-readable with plan, sections and settings; errors exit 1', () => {
    const dir = temp.copy(join(FIXTURES, 'flask'));
    const r = pyenvc(['explain', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; plan: { name: string }; sections: ExplainedSection[]; settings: { path: string; origin: { kind: string } }[] };
    expect(report.ok).toBe(true);
    expect(report.plan.name).toBe('flask-demo');
    expect(row(report.sections, 'entrypoint', 'command').from[0]).toEqual({ path: 'run.app', origin: { kind: 'manifest', line: 10, column: 8 } });
    expect(report.settings.find((s) => s.path === 'run.ports')!.origin).toEqual({ kind: 'preset', preset: 'flask' });
    const human = pyenvc(['explain', 'pyenv.yaml'], dir);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('run.app pyenv.yaml:10:8; preset flask');
    const bad = temp.copy(join(FIXTURES, '_errors_', 'float-version'));
    const failed = pyenvc(['explain'], bad);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('error PYENV104');
    expect(failed.stdout).toBe('');
    const many = pyenvc(['explain', '*/pyenv.yaml'], join(FIXTURES));
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('explain takes one manifest');
  });
});
