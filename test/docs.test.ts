import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { END, loadSources, renderReference, START, updateReadme } from '../scripts/docs.mjs';
import { compile } from '../src/index.js';
import { loadManifest } from '../src/manifest/load.js';
import { validateManifest } from '../src/manifest/schema.js';
import { ROOT } from './helpers/fixtures.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The YAML blocks of one README section that are whole manifests (they start with `version: 1`). */
function manifestsIn(heading: string): string[] {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const rest = README.slice(start + heading.length + 2);
  const level = heading.split(' ')[0]!;
  const next = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
  const section = next < 0 ? rest : rest.slice(0, next);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((t) => t.startsWith('version: 1'));
}

describe('README', () => {
  it('the manifest reference is the one generated from the schema and presets (run `npm run docs`)', () => {
    const expected = updateReadme(README, renderReference(loadSources()));
    expect(README === expected, 'README.md manifest reference is stale: run `npm run docs`').toBe(true);
  });

  it('the reference has one row per schema field, and the generator fails without its markers', () => {
    const reference = renderReference(loadSources());
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'pyenv.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    for (const key of Object.keys(schema.properties)) expect(reference).toContain(`| \`${key}\` |`);
    expect(reference).toContain('| `run.ports` | list of integers | —; preset django, fastapi, flask: `[8000]`');
    expect(reference.startsWith(START) && reference.endsWith(END)).toBe(true);
    expect(() => updateReadme('# no markers\n', reference)).toThrow(/markers/);
  });

  it('every worked example (one per preset, one per manager) validates against the schema', () => {
    const presets = manifestsIn('### One per preset');
    const managers = manifestsIn('### One per dependency manager');
    expect(presets.map((t) => (parse(t) as { preset: string }).preset).sort()).toEqual(['django', 'fastapi', 'flask', 'jupyter', 'script', 'streamlit', 'worker']);
    expect(managers.map((t) => Object.keys((parse(t) as { dependencies: object }).dependencies).filter((k) => k !== 'index')[0]).sort()).toEqual(['conda', 'pip', 'pipenv', 'poetry', 'uv']);
    for (const text of [...presets, ...managers]) {
      const { loaded, problems } = loadManifest('pyenv.yaml', text);
      expect(problems).toEqual([]);
      expect(validateManifest(loaded!.value), text).toEqual([]);
    }
  });

  it('the preset examples compile (their project files stubbed)', () => {
    for (const text of manifestsIn('### One per preset')) {
      const result = compile({ file: 'pyenv.yaml', text, readFile: (p) => (p.endsWith('.txt') ? 'requests\n' : p.endsWith('.py') ? '' : undefined) });
      expect(result.diagnostics.filter((d) => d.severity === 'error'), text).toEqual([]);
    }
  });

  it('the troubleshooting section answers the failure cases (token, mounts, activation, slow stop, CRLF, …)', () => {
    const section = README.slice(README.indexOf('\n## Troubleshooting\n'), README.indexOf('\n## End-to-end tests\n'));
    // The cases of ../shared/cases/README.md; when that file is beside the clone, its list is used.
    let cases = ['C01', 'C02', 'C04', 'C05', 'C06', 'C07', 'C08', 'C10', 'C11', 'C12', 'C13', 'C14', 'C15', 'C16', 'C18', 'C22', 'C23', 'C24', 'C25', 'C27', 'C28', 'C29', 'C30', 'C31', 'C35', 'C36', 'C37', 'C39'];
    const shared = [join(ROOT, '..', 'shared'), join(ROOT, '..', '..', 'shared')].map((d) => join(d, 'cases', 'README.md')).find((f) => existsSync(f));
    if (shared) cases = [...readFileSync(shared, 'utf8').matchAll(/^### (C\d+)/gm)].map((m) => m[1]!);
    for (const topic of ['token', 'mount', 'activate', 'docker stop']) expect(section).toContain(topic);
    const missing = cases.filter((c) => !new RegExp(`\\b${c}\\b`).test(section));
    expect(missing).toEqual([]);
  });
});
