import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { artifactsOf, compileFolder, FIXTURES, goodFixtures, ROOT } from './helpers/fixtures.js';

/** Reverses the key order of every mapping: a manifest with the same meaning, written differently. */
function reverseKeys(text: string): string {
  const doc = parseDocument(text);
  const visit = (node: unknown) => {
    if (isMap(node)) {
      node.items.reverse();
      node.items.forEach((pair) => visit(pair.value));
    }
  };
  visit(doc.contents);
  return doc.toString();
}

/** Drops the checksum/header lines that name the manifest text; the bodies must be identical. */
const transforms: Record<string, (t: string) => string> = {
  'keys in reverse order': reverseKeys,
  'CRLF line endings': (t) => t.replace(/\n/g, '\r\n'),
  'a UTF-8 BOM': (t) => `\uFEFF${t}`,
};

describe('determinism: same input, same bytes', () => {
  for (const name of goodFixtures()) {
    const folder = join(FIXTURES, name);
    const reference = artifactsOf(compileFolder(folder));

    it(`${name}: compiling twice gives identical artifacts`, () => {
      expect(artifactsOf(compileFolder(folder))).toEqual(reference);
    });

    for (const [label, transform] of Object.entries(transforms)) {
      it(`${name}: ${label} gives identical artifacts`, () => {
        expect(artifactsOf(compileFolder(folder, 'pyenv.yaml', transform))).toEqual(reference);
      });
    }
  }

  it('the CLI writes the same bytes under another TZ, LANG and working directory', () => {
    const cli = join(ROOT, 'dist', 'cli', 'main.js');
    const run = (cwd: string, env: Record<string, string>, manifest: string) =>
      execFileSync(process.execPath, [cli, 'compile', manifest, '--stdout'], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const strip = (text: string) => text.replace(/^# ---- .* ----$/gm, '');
    const a = run(join(FIXTURES, 'flask'), { TZ: 'UTC', LANG: 'C' }, 'pyenv.yaml');
    const b = run(ROOT, { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }, 'fixtures/flask/pyenv.yaml');
    expect(strip(b)).toBe(strip(a));
  });
});

describe('no state leaks between compiles of one process', () => {
  it('compiling manifests never changes the preset layers they were merged with', async () => {
    const { presetLayer } = await import('../src/manifest/presets.js');
    const { PRESET_NAMES } = await import('../src/manifest/types.js');
    const { PRESET_TEXTS } = await import('../src/generated/assets.js');
    const { parse } = await import('yaml');
    for (const name of goodFixtures()) compileFolder(join(FIXTURES, name));
    for (const p of PRESET_NAMES) expect(presetLayer(p), p).toEqual(parse(PRESET_TEXTS[p]!));
  });
});
