import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commentText, composeDocument, composeExpression, composeYaml, copyArguments, dockerfileValue, shellForm, shellWord } from '../src/emit/quote.js';
import { buildkitWord, copyWords, globLiteralValue } from './helpers/buildkit-word.js';
import { interpolate, interpolateDocument } from './helpers/compose-interpolate.js';
import { ROOT } from './helpers/fixtures.js';
import { hostileText } from './helpers/manifest-arbitrary.js';

interface GroundTruth {
  env: { raw: string; value: string }[];
  copyArguments: { cases: { name: string; line: string }[] };
}
const truth = JSON.parse(readFileSync(join(ROOT, 'test', 'vendor', 'buildkit-words.json'), 'utf8')) as GroundTruth;
const seed = 20_260_601;

describe('quoting checked against what Docker 20.10 BuildKit did (test/vendor/buildkit-words.json)', () => {
  it.each(truth.env)('ENV/ARG $raw: dockerfileValue writes it, and the BuildKit word model reads it back', ({ raw, value }) => {
    expect(dockerfileValue(value)).toBe(raw);
    expect(buildkitWord(raw)).toBe(value);
  });

  it.each(truth.copyArguments.cases.map((c, i) => ({ ...c, i })))('COPY $name: copyArguments writes the line BuildKit copied exactly', ({ name, line, i }) => {
    const written = `COPY ${copyArguments([name, `out/${i}/${name}`])}`;
    expect(written).toBe(line);
    const [source, destination] = copyWords(written.slice(5));
    expect(globLiteralValue(buildkitWord(source!))).toBe(name);
    expect(buildkitWord(destination!)).toBe(`out/${i}/${name}`);
  });
});

describe('quoting round-trips arbitrary hostile text', () => {
  it('dockerfileValue: ENV/ARG values', () => {
    fc.assert(fc.property(hostileText(10), (value) => buildkitWord(dockerfileValue(value)) === value), { seed, numRuns: 300 });
  });

  it('copyArguments: sources match literally, destinations are exact, flags are never formed', () => {
    fc.assert(
      fc.property(hostileText(6).filter((s) => s.length > 0), hostileText(6).filter((s) => s.length > 0), (source, destination) => {
        const words = copyWords(copyArguments([source, destination]));
        expect(words).toHaveLength(2);
        expect(globLiteralValue(buildkitWord(words[0]!))).toBe(source);
        expect(buildkitWord(words[1]!)).toBe(destination);
        if (source.startsWith('-')) expect(copyArguments([source, destination]).startsWith('[')).toBe(true);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('shellForm: RUN gets an exec-form array handing /bin/sh the command unchanged', () => {
    fc.assert(
      fc.property(hostileText(10), (command) => {
        expect(JSON.parse(shellForm(command))).toEqual(['/bin/sh', '-c', command]);
      }),
      { seed, numRuns: 200 },
    );
  });

  it('shellWord: a POSIX shell reads each word back unchanged', () => {
    const words = fc.sample(hostileText(8), { seed, numRuns: 200 });
    const script = `printf '%s\\0' ${words.map(shellWord).join(' ')}`;
    const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(words);
  });

  it('composeDocument + composeYaml: every literal survives YAML 1.1, YAML 1.2 and Compose interpolation', () => {
    const leaf = fc.oneof(hostileText(6), fc.constantFrom('no', 'yes', 'on', 'off', 'true', 'null', '~', '.', '1e3', '010', '0o7', '12:30', '2001-12-14', '<<', ''));
    const document = fc.dictionary(fc.constantFrom('a', 'b', 'no', 'yes', '1', 'null'), fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.constantFrom('x', 'on'), leaf, { maxKeys: 2 })), { maxKeys: 4 });
    fc.assert(
      fc.property(document, (doc) => {
        const text = composeYaml(doc);
        expect(parse(text)).toEqual(parse(text, { version: '1.1' }));
        expect(interpolateDocument(parse(text))).toEqual(doc);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('composeExpression values are left for Compose to interpolate', () => {
    const text = composeYaml({ user: composeExpression('${UID:-1000}:${GID:-1000}'), path: '$HOME/x' });
    expect(interpolateDocument(parse(text), { UID: '501' })).toEqual({ user: '501:1000', path: '$HOME/x' });
    expect(composeDocument({ a: ['$'] })).toEqual({ a: ['$$'] });
    expect(() => interpolate('$ x')).toThrow(/invalid interpolation/);
  });

  it('commentText never ends a comment line', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => !/[\n\r\u0085\u2028\u2029]/.test(commentText(text))), { seed, numRuns: 200 });
  });
});
