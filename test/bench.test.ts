import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs modules of the benchmark (bench/), without type declarations
import { generateManifests } from '../bench/lib/batch-check.mjs';
// @ts-expect-error plain .mjs modules of the benchmark (bench/), without type declarations
import { APPS } from '../bench/lib/images.mjs';
import { compileFolder, FIXTURES, ROOT } from './helpers/fixtures.js';

// `npm run bench` is not part of `npm test`; these checks keep its inputs in step with the compiler,
// so a change to the fixtures or the generated Dockerfile breaks here and not in a 20-minute run.
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('benchmark inputs', () => {
  it('the batch generator writes manifests that all compile without errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyenvc-bench-test-'));
    made.push(dir);
    generateManifests(ROOT, dir, 10);
    const folders = readdirSync(dir).sort();
    expect(folders).toHaveLength(10);
    const names = new Set<string>();
    for (const folder of folders) {
      const result = compileFolder(join(dir, folder));
      expect(result.ok, `${folder}: ${result.diagnostics.map((d) => d.message).join('; ')}`).toBe(true);
      expect(result.diagnostics.filter((d) => d.severity !== 'note'), folder).toEqual([]);
      names.add(result.plan!.name);
    }
    expect(names.size).toBe(10);
  });

  it('the reference Dockerfiles have the placeholders the benchmark fills', () => {
    for (const name of ['naive', 'docker-init']) {
      const text = readFileSync(join(ROOT, 'bench', 'reference', `${name}.Dockerfile`), 'utf8');
      expect(text, name).toMatch(/^EXPOSE @PORT@$/m);
      expect(text, name).toMatch(/^CMD @CMD@$/m);
      expect(text, name).not.toMatch(/^# syntax=/m);
    }
  });
});
