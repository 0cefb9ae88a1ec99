// The README's "works on" table is generated (`npm run works-on`) from test/init-samples/results.json;
// this test fails when the README is stale. test/samples.test.ts checks that results.json's detection
// and compile columns match what init and compile do today ("runs" comes from the last e2e run).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTable, RESULTS, updateReadme } from '../scripts/works-on.mjs';
import { ROOT, sampleNames } from './helpers/samples.mjs';

describe('README "works on" table', () => {
  const results = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};

  it('lists every sample, and the README shows exactly results.json (run `npm run works-on`)', () => {
    expect(Object.keys(results).sort()).toEqual(sampleNames());
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme === updateReadme(readme, renderTable(results)), 'README.md works-on table is stale: run `npm run works-on`').toBe(true);
  });

  it('the generator refuses a README without its markers', () => expect(() => updateReadme('no markers', '')).toThrow(/markers/));
});
