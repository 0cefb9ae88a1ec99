import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SCHEMA, TEMPLATES } from '../src/generated/assets.js';
import { validate as precompiled } from '../src/generated/manifest-validator.js';
import { TEMPLATE_SPECS } from '../src/generated/templates.js';
import { addEditorKeywords } from '../scripts/editor-keywords.mjs';

// scripts/precompile.mjs generates the ajv validator and the Handlebars templates at build time; they
// must give exactly what compiling at run time (the options src/manifest/schema.ts and
// src/emit/handlebars.ts used before) gives.
const runtimeValidate = addEditorKeywords(new Ajv2020({ allErrors: true, strict: true, verbose: true })).compile(SCHEMA);
const strip = (errors: unknown) => JSON.parse(JSON.stringify(errors ?? null));

describe('precompiled ajv validator', () => {
  const samples: unknown[] = [
    { version: 1, name: 'ok' },
    { version: 2, name: 'Bad Name', extra: true },
    { version: 1, name: 'x', python: { version: 3.1 }, run: { ports: [0, 70000, 'a'], command: 5 } },
    { version: 1, name: 'x', dependencies: { pip: { requirements: [] } }, system: { packages: ['ok', 'Bad;rm'] }, env: { '1A': 'x' } },
    { version: 1, name: 'x', jupyter: { auth: 'tokn', port: '8888' }, compose: { volumes: ['nope'] }, user: { name: 'root' } },
    { version: 1, name: 'x', dependencies: { pip: {}, uv: {}, index: { url: 'https://u:p@x.org/simple' } }, run: { healthcheck: true } },
    null,
    [],
  ];
  it.each(samples.map((s, i) => [i, s]))('sample %i: same verdict and errors as a run-time compile', (_, sample) => {
    expect(precompiled(sample)).toBe(runtimeValidate(sample));
    expect(strip(precompiled.errors)).toEqual(strip(runtimeValidate.errors));
  });
});

describe('precompiled Handlebars templates', () => {
  // Their output is covered by the golden tests (the goldens were rendered by templates compiled at
  // run time); this guards that every template is precompiled.
  it('cover every template', () => {
    expect(Object.keys(TEMPLATE_SPECS).sort()).toEqual(Object.keys(TEMPLATES).sort());
  });
});
