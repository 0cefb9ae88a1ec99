import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaModeline } from '../src/write/schema-file.js';
import { pyenvc, tempFolders } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

const temp = tempFolders();
afterEach(() => temp.cleanUp());
const SCHEMA = readFileSync(join(ROOT, 'schema', 'pyenv.schema.json'), 'utf8');

describe('pyenvc schema --write', () => {
  it('writes the schema (folders created) and prints the modeline for ./pyenv.yaml', () => {
    const dir = temp.make();
    const r = pyenvc(['schema', '--write', '.pyenvc/pyenv.schema.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('# yaml-language-server: $schema=./.pyenvc/pyenv.schema.json\n');
    expect(JSON.parse(readFileSync(join(dir, '.pyenvc', 'pyenv.schema.json'), 'utf8'))).toEqual(JSON.parse(SCHEMA));
    expect(pyenvc(['schema', '--write', '.pyenvc/pyenv.schema.json'], dir).code).toBe(0); // unchanged: fine
  });

  it('the modeline is relative to the manifest named by --manifest', () => {
    const dir = temp.make();
    mkdirSync(join(dir, 'services', 'api'), { recursive: true });
    const r = pyenvc(['schema', '--write', 'tools/pyenv.schema.json', '--manifest', 'services/api/pyenv.yaml'], dir);
    expect(r.stdout).toBe('# yaml-language-server: $schema=../../tools/pyenv.schema.json\n');
    expect(schemaModeline('pyenv.yaml', 'pyenv.schema.json')).toBe('# yaml-language-server: $schema=./pyenv.schema.json');
  });

  it('replaces an earlier copy of the schema (same $id), never another file (PYENV508, exit 3, file kept)', () => {
    const dir = temp.make();
    const target = join(dir, 'schema.json');
    const old = JSON.stringify({ $id: JSON.parse(SCHEMA).$id, title: 'an older pyenvc schema' });
    writeFileSync(target, old);
    expect(pyenvc(['schema', '--write', 'schema.json'], dir).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(SCHEMA);
    writeFileSync(target, '{"$id": "https://example.org/mine.json"}\n');
    const refused = pyenvc(['schema', '--write', 'schema.json'], dir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('schema.json: error PYENV508: not written');
    expect(readFileSync(target, 'utf8')).toBe('{"$id": "https://example.org/mine.json"}\n');
    writeFileSync(target, 'not json');
    expect(pyenvc(['schema', '--write', 'schema.json'], dir).code).toBe(3);
  });

  it('without --write it prints the schema, as before', () => {
    expect(pyenvc(['schema'], temp.make()).stdout).toBe(SCHEMA);
  });
});

describe('pyenvc init and the schema its modeline names', () => {
  const project = () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'main.py'), 'print("hi")\n');
    return dir;
  };

  it('init writes .pyenvc/pyenv.schema.json; --stdout writes nothing and says how to get it', () => {
    const dir = project();
    expect(pyenvc(['init', '--no-gitattributes'], dir).code).toBe(0);
    expect(readFileSync(join(dir, '.pyenvc', 'pyenv.schema.json'), 'utf8')).toBe(SCHEMA);
    const other = project();
    const printed = pyenvc(['init', '--stdout'], other);
    expect(printed.stdout.split('\n')[0]).toBe('# yaml-language-server: $schema=./.pyenvc/pyenv.schema.json');
    expect(printed.stderr).toContain('npx pyenvc schema --write .pyenvc/pyenv.schema.json');
    expect(existsSync(join(other, '.pyenvc'))).toBe(false);
  });

  it('a user file at that path is kept: init warns (PYENV509) and still writes the manifest', () => {
    const dir = project();
    mkdirSync(join(dir, '.pyenvc'));
    writeFileSync(join(dir, '.pyenvc', 'pyenv.schema.json'), 'mine\n');
    const r = pyenvc(['init', '--no-gitattributes'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('.pyenvc/pyenv.schema.json: warning PYENV509: the schema for editors was not written');
    expect(readFileSync(join(dir, '.pyenvc', 'pyenv.schema.json'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'pyenv.yaml'))).toBe(true);
  });
});
