// Issue 13, item 16: a file field that names a folder is refused before the build can fail on it, and
// SELinux relabel flags (:z / :Z) on a bind mount are accepted and reach compose as bind.selinux.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { ROOT } from './helpers/fixtures.js';

const FILES: Record<string, string> = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': '' };
const compileYaml = (yaml: string) => compile({ file: 'pyenv.yaml', text: `version: 1\nname: demo\npreset: flask\n${yaml}`, readFile: (p) => FILES[p] });

describe('file fields that name a folder (PYENV231)', () => {
  it.each([
    ['dependencies:\n  pip:\n    requirements: ["requirements.txt/"]\n', 'write the file name without the trailing slash: "requirements.txt"'],
    ['dependencies:\n  pip:\n    requirements: ["."]\n', 'write the path of the file'],
    ['dependencies:\n  pip:\n    requirements: [requirements.txt]\n    constraints: "deps/"\n', 'without the trailing slash: "deps"'],
    ['output:\n  dockerfile: docker/\n', 'without the trailing slash: "docker"'],
    ['compose:\n  env_file: ./\n', 'write the path of the file'],
  ])('%s', (yaml, hint) => {
    const r = compileYaml(yaml);
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.code === 'PYENV231')!;
    expect(d.message).toMatch(/names a folder, but this field is/);
    expect(d.hint).toContain(hint);
    expect(r.diagnostics.map((x) => x.code)).not.toContain('PYENV301'); // not "does not exist"
  });
});

describe('SELinux relabel flags on bind mounts', () => {
  // The vendored official Compose schema (draft-07 under an https URI, registered as in consumers.test.ts).
  const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'vendor', 'compose-spec.json'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema({ ...(ajv.getSchema('http://json-schema.org/draft-07/schema')!.schema as object), $id: 'https://json-schema.org/draft-07/schema' });
  const validate = ajv.compile(schema);
  it.each([
    ['./data:/app/data:z', { read_only: undefined, selinux: 'z' }],
    ['./data:/app/data:Z', { read_only: undefined, selinux: 'Z' }],
    ['./data:/app/data:ro,z', { read_only: true, selinux: 'z' }],
    ['./data:/app/data:Z,ro', { read_only: true, selinux: 'Z' }],
    ['./data:/app/data:ro', { read_only: true, selinux: undefined }],
  ])('%s compiles to a compose bind mount the Compose Specification accepts', (volume, want) => {
    const r = compileYaml(`compose:\n  volumes: ["${volume}"]\n`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const doc = parse(r.artifacts.find((a) => a.path.endsWith('compose.yaml'))!.contents);
    const mount = doc.services.demo.volumes[0];
    expect({ read_only: mount.read_only, selinux: mount.bind.selinux }).toEqual(want);
    expect(mount.target).toBe('/app/data');
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it('other flags are still refused', () => {
    expect(compileYaml('compose:\n  volumes: ["./data:/app/data:rx"]\n').ok).toBe(false);
  });
});
