import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { DockerfileParser } from 'dockerfile-ast';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { artifactsOf, compileFolder, FIXTURES, goodFixtures, ROOT } from './helpers/fixtures.js';

const composeSchema = JSON.parse(readFileSync(join(ROOT, 'test', 'vendor', 'compose-spec.json'), 'utf8'));
// The Compose schema says draft-07 with an https URI ajv does not register; it uses nothing newer.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema({ ...ajv.getSchema('http://json-schema.org/draft-07/schema')!.schema as object, $id: 'https://json-schema.org/draft-07/schema' });
const validateCompose = ajv.compile(composeSchema);
const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;

describe('consumers accept every generated artifact', () => {
  for (const name of goodFixtures()) {
    const files = artifactsOf(compileFolder(join(FIXTURES, name)));
    const dockerfile = files['Dockerfile']!;

    it(`${name}: Dockerfile parses with dockerfile-ast and every instruction is known`, () => {
      const parsed = DockerfileParser.parse(dockerfile);
      const keywords = parsed.getInstructions().map((i) => i.getKeyword());
      const known = new Set(['FROM', 'ENV', 'RUN', 'WORKDIR', 'COPY', 'USER', 'EXPOSE', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD', 'ARG', 'LABEL']);
      expect(keywords.filter((k) => !known.has(k))).toEqual([]);
      expect(parsed.getFROMs().length).toBe(2);
    });

    it(`${name}: compose file is valid against the Compose Specification`, () => {
      const valid = validateCompose(parse(files['compose.yaml']!));
      expect(validateCompose.errors ?? [], JSON.stringify(validateCompose.errors)).toEqual([]);
      expect(valid).toBe(true);
    });

    it(`${name}: compose file reads the same under YAML 1.1 (compose v1, PyYAML) as under YAML 1.2`, () => {
      // An unquoted `restart: no` is the string "no" in YAML 1.2 but `false` in YAML 1.1.
      expect(parse(files['compose.yaml']!, { version: '1.1' })).toEqual(parse(files['compose.yaml']!));
    });

    it.skipIf(!shellcheck)(`${name}: docker-entrypoint.sh passes shellcheck`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'pyenvc-sc-'));
      try {
        const path = join(dir, 'docker-entrypoint.sh');
        writeFileSync(path, files['docker-entrypoint.sh']!);
        const result = spawnSync('shellcheck', ['--shell=sh', '--severity=style', path], { encoding: 'utf8' });
        expect(result.stdout + result.stderr).toBe('');
        expect(result.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it(`${name}: docker-entrypoint.sh is valid POSIX sh (sh -n)`, () => {
      execFileSync('sh', ['-n'], { input: files['docker-entrypoint.sh'] });
    });
  }
});
