// pyenvc init on sample projects shaped like real public repositories (test/init-samples/*/expected.json
// holds what a careful human would write for each). What init writes and prints is a golden file
// (test/init-goldens/<sample>.pyenv.yaml and .init.txt: read the diff when one changes); the manifest
// must compile, and init must have detected what expected.json says. The end-to-end twin,
// test/e2e/samples.e2e.test.ts, builds and runs every sample marked buildable.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS } from '../scripts/works-on.mjs';
import { describe, expect, it } from 'vitest';
import { expectedOf, ROOT, sampleNames, trySample } from './helpers/samples.mjs';

const GOLDENS = join(ROOT, 'test', 'init-goldens');
const RECORDED = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};

describe.concurrent('pyenvc init on real-shaped sample projects', () => {
  for (const name of sampleNames()) {
    it(`${name}: ${expectedOf(name).shape}`, async ({ expect }) => {
      const expected = expectedOf(name);
      const r = trySample(name);
      await expect(r.init.stdout + (r.init.stderr ? `--- stderr\n${r.init.stderr}` : '')).toMatchFileSnapshot(join(GOLDENS, `${name}.init.txt`));
      if (!expected.init_writes_no_manifest) {
        expect(r.init.code, r.init.stderr).toBe(0);
        await expect(r.manifest).toMatchFileSnapshot(join(GOLDENS, `${name}.pyenv.yaml`));
        expect(r.compile?.code, `pyenvc compile of init's manifest:\n${r.compile?.stderr}`).toBe(0);
      }
      expect(r.problems, 'init detected what expected.json says').toEqual([]);
      // The README's "works on" table (results.json, `npm run works-on`) must tell today's truth.
      expect({ detected: RECORDED[name]?.detected, compiles: RECORDED[name]?.compiles }, 'results.json is stale: run `npm run works-on`').toEqual({ detected: r.problems.length === 0, compiles: r.compiles });
    });
  }
});

it('there are at least 25 samples with an expected.json, and some are buildable offline', () => {
  expect(sampleNames().length).toBeGreaterThanOrEqual(25);
  expect(sampleNames().filter((n) => expectedOf(n).buildable).length).toBeGreaterThanOrEqual(10);
});
