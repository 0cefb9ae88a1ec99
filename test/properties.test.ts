import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Ajv } from 'ajv';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../src/index.js';
import { normalizeRelative } from '../src/manifest/paths.js';
import { buildkitWord, copyWords, globLiteralValue } from './helpers/buildkit-word.js';
import { interpolateDocument } from './helpers/compose-interpolate.js';
import { argumentText, stagesOf, type Stage } from './helpers/dockerfile.js';
import { renderAll, ROOT } from './helpers/fixtures.js';
import { anyFileExists, hostileText, manifestArbitrary, SCHEMA, type SchemaNode } from './helpers/manifest-arbitrary.js';

const composeSchema = JSON.parse(readFileSync(join(ROOT, 'test', 'vendor', 'compose-spec.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema({ ...(ajv.getSchema('http://json-schema.org/draft-07/schema')!.schema as object), $id: 'https://json-schema.org/draft-07/schema' });
const validateCompose = ajv.compile(composeSchema);

/** A fixed seed keeps `npm test` reproducible; FC_SEED=<n> explores others (the seed is printed on failure). */
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20_260_601;
const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), seed });

function compileManifest(manifest: unknown): { text: string; result: CompileResult } {
  const text = stringify(manifest);
  return { text, result: compile({ file: 'pyenv.yaml', text, readFile: anyFileExists }) };
}

/** The raw (still escaped) value words of a stage's ENV or ARG instructions, by name; later ones win. */
function rawProperties(stage: Stage, keyword: 'ENV' | 'ARG'): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of stage.instructions.filter((x) => x.getKeyword() === keyword)) {
    for (const p of (i as unknown as { getProperties(): { getName(): string; getUnescapedValue(): string | null }[] }).getProperties()) out.set(p.getName(), p.getUnescapedValue() ?? '');
  }
  return out;
}

/** The exec-form array of an instruction, after any RUN --mount flags (build.after_copy steps carry a tmpfs over HOME). */
const execArgs = (i: Instruction) => JSON.parse(argumentText(i).replace(/^(--mount=\S+ )+/, '')) as string[];

describe('property: arbitrary valid manifests compile, and every value reads back exactly', () => {
  it('compiles; ENV, ARG, CMD, RUN, COPY read back as BuildKit reads them; compose is valid and interpolates back; .dockerignore keeps each line', () => {
    fc.assert(
      fc.property(manifestArbitrary, (manifest) => {
        const { text, result } = compileManifest(manifest);
        if (!result.ok) throw new Error(`did not compile:\n${text}\n${renderAll(result)}`);
        const files = Object.fromEntries(result.artifacts.map((a) => [a.path, a.contents]));
        const plan = result.plan!;
        const [builder, runtime] = stagesOf(files[plan.finalize.outputs.dockerfile]!);
        expect(DockerfileParser.parse(files[plan.finalize.outputs.dockerfile]!).getFROMs()).toHaveLength(2);
        const m = manifest as {
          env?: Record<string, string>;
          build?: { args?: Record<string, string>; run?: string[]; after_copy?: string[] };
          preset?: string;
          django?: { collectstatic?: boolean };
          run?: { command?: string[] | string };
          project?: { copy?: (string | { from: string; to: string })[]; ignore?: string[] };
          dependencies?: { pip?: { requirements: string[]; constraints?: string } };
          compose?: { env_file?: string; volumes?: string[] };
        };
        // ENV and ARG: BuildKit's lexer turns the written word back into the manifest value.
        const env = rawProperties(runtime!, 'ENV');
        for (const [key, value] of Object.entries(m.env ?? {})) expect(buildkitWord(env.get(key)!), `ENV ${key}`).toBe(value);
        const args = rawProperties(runtime!, 'ARG');
        for (const [key, value] of Object.entries(m.build?.args ?? {})) expect(buildkitWord(args.get(key)!), `ARG ${key}`).toBe(value);
        // CMD is exec form: the JSON array is the argv the process gets.
        const cmd = runtime!.instructions.find((i) => i.getKeyword() === 'CMD')!;
        const command = m.run?.command;
        if (Array.isArray(command)) expect(execArgs(cmd)).toEqual(command);
        else if (typeof command === 'string') {
          // A simple command gets `exec`; a shell list keeps its meaning (no exec) and is warned about (PYENV407).
          const text = command.trim();
          const list = result.diagnostics.some((d) => d.code === 'PYENV407');
          // Leading NAME=value assignments go through env(1) (issue 13, item 12).
          const assigns = /^[A-Za-z_][A-Za-z0-9_]*=/.test(text) && !list;
          expect(execArgs(cmd)).toEqual(['/bin/sh', '-c', /^exec\s/.test(text) || list ? text : assigns ? `exec env ${text}` : `exec ${text}`]);
        }
        // build.run, then (after the project COPY) build.after_copy: one exec-form RUN per line, in order, handing /bin/sh exactly the line.
        const shellRuns = runtime!.instructions.filter((i) => i.getKeyword() === 'RUN' && /^(--mount=\S+ )*\[/.test(argumentText(i))).map(execArgs);
        const collectstatic = m.preset === 'django' && m.django?.collectstatic ? ['python manage.py collectstatic --noinput'] : [];
        expect(shellRuns).toEqual([...(m.build?.run ?? []), ...collectstatic, ...(m.build?.after_copy ?? [])].map((line) => ['/bin/sh', '-c', line]));
        const lastCopy = runtime!.instructions.findLastIndex((i) => i.getKeyword() === 'COPY');
        expect(runtime!.instructions.slice(lastCopy + 1).filter((i) => i.getKeyword() === 'RUN' && /^(--mount=\S+ )*\[/.test(argumentText(i))).map(execArgs)).toEqual([...collectstatic, ...(m.build?.after_copy ?? [])].map((line) => ['/bin/sh', '-c', line]));
        // COPY: each source matches exactly the named path, each destination is the named one.
        // The project COPYs: neither the environment's (--from=) nor the entrypoint's; no --chown (issue 13 item 5).
        const copies = runtime!.instructions
          .filter((i) => i.getKeyword() === 'COPY' && !argumentText(i).startsWith('--from='))
          .map((i) => copyWords(argumentText(i)))
          .filter((words) => words.at(-1) !== '/usr/local/bin/docker-entrypoint.sh');
        const expectedCopies = (m.project?.copy ?? ['.']).map((c) => {
          const from = normalizeRelative(typeof c === 'string' ? c : c.from)!;
          const to = typeof c === 'string' ? from : c.to;
          return [from, to === '.' ? './' : `./${to}`];
        });
        expect(copies.map(([src, dst]) => [globLiteralValue(buildkitWord(src!)), buildkitWord(dst!)])).toEqual(expectedCopies);
        const builderCopies = builder!.instructions.filter((i) => i.getKeyword() === 'COPY').map((i) => copyWords(argumentText(i)).map((w, k, all) => (k < all.length - 1 ? globLiteralValue(buildkitWord(w)) : buildkitWord(w))));
        for (const file of [...(m.dependencies?.pip?.requirements ?? []), ...(m.dependencies?.pip?.constraints ? [m.dependencies.pip.constraints] : [])]) {
          const normal = normalizeRelative(file)!;
          expect(builderCopies, `requirement file ${file}`).toContainEqual([normal, normal]);
        }
        // compose: valid, and after interpolation every literal is what the manifest said.
        const composeText = files[plan.finalize.outputs.compose]!;
        const compose = parse(composeText) as { services: Record<string, { env_file?: string[]; volumes?: { source: string; target: string }[]; environment?: Record<string, string> }> };
        expect(parse(composeText, { version: '1.1' }), 'YAML 1.1 reads the same document').toEqual(compose);
        expect(validateCompose(compose), JSON.stringify(validateCompose.errors)).toBe(true);
        const service = (interpolateDocument(compose, { JUPYTER_TOKEN: 'tok$en', UID: '501', GID: '20' }) as typeof compose).services[plan.name]!;
        if (m.compose?.env_file) expect(service.env_file).toEqual([`./${normalizeRelative(m.compose.env_file)!.replace(/\/+$/, '')}`]);
        const volumes = (m.compose?.volumes ?? []).map((v) => ({ source: `./${normalizeRelative(v.split(':')[0]!)!.replace(/\/+$/, '')}`, target: v.split(':')[1] }));
        expect((service.volumes ?? []).slice(0, volumes.length).map(({ source, target }) => ({ source, target }))).toEqual(volumes);
        for (const [key, value] of Object.entries(service.environment ?? {})) expect(value, `environment ${key}`).toBe(key === 'JUPYTER_TOKEN' ? 'tok$en' : m.env?.[key] ?? value);
        // .dockerignore: each project.ignore pattern is one line, unchanged.
        const ignoreLines = files[plan.finalize.outputs.dockerignore]!.split('\n');
        for (const line of m.project?.ignore ?? []) expect(ignoreLines).toContain(line);
        expect(ignoreLines).toContain(posix.normalize(plan.finalize.outputs.compose));
      }),
      runs(150),
    );
  });

  it('the generator covers every field of the schema', () => {
    const leaves = new Set<string>();
    const walk = (node: SchemaNode, path: string) => {
      const props = node.properties ?? node.oneOf?.find((b) => b.properties)?.properties;
      if (props && Object.keys(props).length) for (const [k, child] of Object.entries(props)) walk(child, path ? `${path}.${k}` : k);
      else leaves.add(path);
    };
    walk(SCHEMA, '');
    const seen = new Set<string>();
    const visit = (value: unknown, path: string) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) visit(v, leaves.has(path) ? path : path ? `${path}.${k}` : k);
      }
      seen.add(path);
    };
    for (const manifest of fc.sample(manifestArbitrary, { numRuns: 300, seed })) visit(manifest, '');
    // Managers other than pip and project.context are held out on purpose (see OVERRIDES).
    const missing = [...leaves].filter((l) => !seen.has(l) && !/^dependencies\.(conda|poetry|uv|pipenv)|^project\.context$/.test(l));
    expect(missing).toEqual([]);
  });
});

describe('property: hostile input never makes compile throw', () => {
  const check = (input: { text: string; bytes?: Uint8Array }) => {
    const result = compile({ file: 'pyenv.yaml', ...input, readFile: (p) => (p.includes('missing') ? undefined : anyFileExists(p)) });
    for (const d of result.diagnostics.filter((x) => x.severity === 'error')) {
      expect(d.code).toMatch(/^PYENV\d{3}$/);
      expect(d.hint).toBeTruthy();
      expect(d.line).toBeGreaterThan(0);
      expect(`${d.message}${d.hint}`).not.toMatch(/\n/);
    }
    if (!result.ok) expect(result.artifacts).toEqual([]);
  };

  it('arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => check({ bytes, text: new TextDecoder().decode(bytes) })), runs(300));
  });

  it('arbitrary YAML-looking text', () => {
    const token = fc.constantFrom('version: 1\n', 'name: demo\n', 'preset: flask\n', 'env:\n', '  ', '- ', ': ', '? ', '[', ']', '{', '}', ',', '&a ', '*a', '!!str ', '!x ', '|\n', '>\n', '"', "'", '#', '---\n', '...\n', '%YAML 1.2\n', '\t', '\n', '\r\n', '\uFEFF', '<<: ', 'run:\n  command: ', '8000', '3.10', 'true', '~', 'null', '\\u00e9', '\\ud800');
    fc.assert(fc.property(fc.array(fc.oneof(token, hostileText(2)), { maxLength: 40 }), (parts) => check({ text: parts.join('') })), runs(300));
  });

  it('valid manifests with random edits', () => {
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.oneof(hostileText(2), fc.constantFrom('\n', ':', '- ', '  ', '"', '[', '*', '&', '\t')));
    fc.assert(
      fc.property(manifestArbitrary, fc.array(edit, { minLength: 1, maxLength: 4 }), (manifest, edits) => {
        let text = stringify(manifest);
        for (const [at, remove, insert] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + remove);
        }
        check({ text });
      }),
      runs(150),
    );
  });
});

describe('property: the entrypoint passes shellcheck', () => {
  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  it.skipIf(!shellcheck)('on a sample of generated manifests (each Jupyter auth mode and the plain script)', () => {
    const samples = fc.sample(manifestArbitrary, { numRuns: 40, seed }).filter((_, i) => i % 10 === 0);
    const modes = (['token', 'password', 'none'] as const).map((auth) => ({ version: 1, name: 'lab', preset: 'jupyter', jupyter: { auth } }));
    const dir = mkdtempSync(join(tmpdir(), 'pyenvc-sc-'));
    try {
      const scripts = [...samples, ...modes].map((manifest, i) => {
        const { result } = compileManifest(manifest);
        const path = join(dir, `entrypoint-${i}.sh`);
        writeFileSync(path, result.artifacts.find((a) => a.mode === 0o755)!.contents);
        return path;
      });
      const run = spawnSync('shellcheck', ['--shell=sh', '--severity=style', ...scripts], { encoding: 'utf8' });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
