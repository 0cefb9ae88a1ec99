// The manifest in a real editor: yaml-language-server (the engine of VS Code's YAML extension, Neovim's
// yamlls and others; pinned devDependency) driven over stdio as an editor drives it, against a project
// made by `pyenvc init` that has no node_modules (the usual `npx pyenvc` user, issue 16).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pyenvc, tempFolders } from './helpers/cli.js';
import { FIXTURES, goodFixtures, ROOT } from './helpers/fixtures.js';
import { YamlLanguageClient, type LspDiagnostic } from './helpers/yaml-language-client.js';

const temp = tempFolders();
// VS Code's YAML extension defaults, without the network (SchemaStore off: only the modeline decides).
const client = new YamlLanguageClient({ yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false } }, 'yaml.schemaStore.enable': false });
let project = '';
let manifest = '';
let version = 1;
let modeline = '';

/** Replaces the open manifest's text (line 1 stays the modeline init wrote) and returns the diagnostics. */
async function diagnose(body: string): Promise<{ line: number; message: string }[]> {
  const items: LspDiagnostic[] = await client.open(manifest, `${modeline}\n${body}`, version++);
  return items.map((d) => ({ line: d.range.start.line, message: d.message }));
}

beforeAll(async () => {
  project = temp.make();
  writeFileSync(join(project, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
  writeFileSync(join(project, 'requirements.txt'), 'flask==3.0.3\n');
  const init = pyenvc(['init', '--no-gitattributes'], project);
  expect(init.code, init.stderr).toBe(0);
  manifest = join(project, 'pyenv.yaml');
  modeline = readFileSync(manifest, 'utf8').split('\n')[0]!;
  await client.start(project);
}, 30_000);

afterAll(async () => {
  await client.close();
  temp.cleanUp();
});

describe('the manifest in yaml-language-server', () => {
  it('init writes a modeline that resolves in a project without node_modules, and the schema it names', () => {
    expect(modeline).toBe('# yaml-language-server: $schema=./.pyenvc/pyenv.schema.json');
    expect(existsSync(join(project, 'node_modules'))).toBe(false);
    expect(JSON.parse(readFileSync(join(project, '.pyenvc', 'pyenv.schema.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(ROOT, 'schema', 'pyenv.schema.json'), 'utf8')));
  });

  it('the manifest init wrote has no diagnostics, and the schema is really loaded (an unknown key is flagged)', async () => {
    expect(await client.open(manifest, readFileSync(manifest, 'utf8'), version++)).toEqual([]);
    expect(await diagnose('version: 1\nname: demo\nbogus: 1\n')).toEqual([{ line: 3, message: 'Property bogus is not allowed.' }]);
  });

  it('the old modeline (./node_modules/pyenvc/...) cannot load the schema there: the failure the new one fixes', async () => {
    const items = await client.open(manifest, '# yaml-language-server: $schema=./node_modules/pyenvc/schema/pyenv.schema.json\nversion: 1\nname: demo\nbogus: 1\n', version++);
    expect(items.map((d) => d.message).join('\n')).toMatch(/Unable to load schema/);
    expect(items.map((d) => d.message)).not.toContain('Property bogus is not allowed.');
  });

  it('a wrong enum value lists the alternatives', async () => {
    expect(await diagnose('version: 1\nname: demo\npreset: flak\n')).toEqual([{ line: 3, message: 'Value is not accepted. Valid values: "jupyter", "flask", "fastapi", "django", "streamlit", "script", "worker".' }]);
  });

  it('two dependency managers are flagged on both keys, with the fix', async () => {
    const got = await diagnose('version: 1\nname: demo\ndependencies:\n  pip: {}\n  uv: {}\n');
    expect(got.map((d) => d.line).sort()).toEqual([4, 5]);
    for (const d of got) expect(d.message).toMatch(/^dependencies already names (pip|uv): a project uses exactly one manager .*remove one of them\.$/);
    expect(await diagnose('version: 1\nname: demo\ndependencies:\n  uv: {}\n  index: {url: "https://pypi.example.org/simple"}\n')).toEqual([]);
  });

  it('python.version: 3.10 (a YAML number) says to quote it, not just "Incorrect type"', async () => {
    expect(await diagnose('version: 1\nname: demo\npython:\n  version: 3.10\n')).toEqual([{ line: 4, message: expect.stringContaining('quoted string') }]);
    expect(await diagnose('version: 1\nname: demo\npython:\n  version: "3.10"\n')).toEqual([]);
  });

  it('run.healthcheck: true, user.name: root and an index URL with credentials get messages that name the fix', async () => {
    expect((await diagnose('version: 1\nname: demo\nrun:\n  healthcheck: true\n'))[0]!.message).toMatch(/mapping \(http: \/healthz\) or false/);
    expect((await diagnose('version: 1\nname: demo\nuser:\n  name: root\n'))[0]!.message).toMatch(/other than root/);
    expect((await diagnose('version: 1\nname: demo\ndependencies:\n  index:\n    url: https://me:token@pypi.example.org/simple\n'))[0]!.message).toMatch(/without credentials/);
  });

  it('completion at the top level offers the manifest keys, devcontainer included', async () => {
    await diagnose('version: 1\nname: demo\n\n');
    const labels = (await client.completion(manifest, 3, 0)).items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['preset', 'python', 'dependencies', 'run', 'compose', 'devcontainer']));
    expect(labels).not.toContain('version'); // already written
  });

  it('completion under dependencies: offers the five managers and index', async () => {
    await diagnose('version: 1\nname: demo\ndependencies:\n  \n');
    const labels = (await client.completion(manifest, 4, 2)).items.map((i) => i.label).sort();
    expect(labels).toEqual(['conda', 'index', 'pip', 'pipenv', 'poetry', 'uv']);
  });

  it('run.ports inserts a real port and run.healthcheck offers labelled snippets (not "[object Object]")', async () => {
    await diagnose('version: 1\nname: demo\npreset: flask\nrun:\n  \n');
    const ports = (await client.completion(manifest, 5, 2)).items.find((i) => i.label === 'ports')!;
    expect(ports.insertText ?? ports.textEdit?.newText).toContain('8000');
    await diagnose('version: 1\nname: demo\npreset: flask\nrun:\n  healthcheck: \n');
    const values = (await client.completion(manifest, 5, 15)).items.map((i) => i.label);
    expect(values).toEqual(['http probe', 'false']);
  });

  it('hover on preset shows its own title and unescaped markdown', async () => {
    await diagnose('version: 1\nname: demo\npreset: flask\n');
    const hover = (await client.hover(manifest, 3, 2))!.contents.value;
    expect(hover.startsWith('#### preset\n')).toBe(true);
    expect(hover).toContain('Run `pyenvc presets`');
    expect(hover).not.toContain('\\`');
  });

  it(`every fixture manifest (${goodFixtures().length}) is clean in the editor: no false positives`, async () => {
    const schema = pathToFileURL(join(ROOT, 'schema', 'pyenv.schema.json')).href;
    for (const name of goodFixtures()) {
      const text = readFileSync(join(FIXTURES, name, 'pyenv.yaml'), 'utf8').replace(/^# yaml-language-server:.*\n/, '');
      const items = await client.open(join(FIXTURES, name, 'pyenv.yaml'), `# yaml-language-server: $schema=${schema}\n${text}`);
      expect(items.map((d) => `${name}:${d.range.start.line}: ${d.message}`)).toEqual([]);
    }
  }, 60_000);
});
