/**
 * Issue 13, item 1, with a real build: a copy of the flask fixture holding every credential file of
 * src/catalog/credentials.ts (at the root and two folders down, each with a unique marker) is
 * compiled and built, and no byte of `docker save` contains any marker. Positive control: a Python
 * module named credentials.py is code, so its marker must be in the image.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CREDENTIAL_FILES } from '../../src/catalog/credentials.js';
import { e2eContext } from './lib/context.js';
import { buildImage, imageContains, Resources } from './lib/docker.js';
import { check } from './lib/exec.js';
import { CLI, FIXTURES } from './lib/fixture.js';

const resources = new Resources();
afterAll(() => resources.cleanup());

it('no credential file of the project reaches any layer of the image; credentials.py does', async () => {
  const ctx = e2eContext();
  const dir = resources.dir(mkdtempSync(join(tmpdir(), 'pyenvc-e2e-credentials-')));
  cpSync(join(FIXTURES, 'flask'), dir, { recursive: true, filter: (src) => !/[\\/](expected|e2e\.json)$/.test(src) });
  const markers: Record<string, string> = {};
  CREDENTIAL_FILES.forEach((c, i) => {
    for (const [where, path] of [['root', c.example], ['deep', `services/web/${c.example}`]] as const) {
      const marker = `pyenvc-credential-${i}-${where}-${ctx.runId}`;
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), `${marker}\n`);
      markers[marker] = path;
    }
  });
  const code = `pyenvc-code-marker-${ctx.runId}`;
  writeFileSync(join(dir, 'credentials.py'), `MARKER = "${code}"\n`);
  await check(process.execPath, [CLI, 'compile', join(dir, 'pyenv.yaml')], { timeoutMs: 60_000 });
  const tag = resources.image(`pyenvc-e2e-credentials:${ctx.runId}`);
  await buildImage(dir, tag, 'credentials');
  const found = await imageContains(tag, [...Object.keys(markers), code]);
  expect([...found].filter((m) => m !== code).map((m) => markers[m]), 'credential files found in the image').toEqual([]);
  expect(found.has(code), 'positive control: credentials.py (code) is in the image').toBe(true);
});
