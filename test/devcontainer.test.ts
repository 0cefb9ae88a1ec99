import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../src/index.js';
import { readHeader } from '../src/emit/text.js';
import { planWrites } from '../src/write/plan-writes.js';
import { compileFolder, FIXTURES, goodFixtures, renderAll, ROOT } from './helpers/fixtures.js';

const FILE = '.devcontainer/devcontainer.json';
const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'vendor', 'devcontainer-base.schema.json'), 'utf8'));
// The spec's schema carries VS Code's own keywords (allowComments, allowTrailingCommas): "log" keeps ajv strict about the rest.
const ajv = new Ajv2019({ strict: 'log', allErrors: true, logger: false });
// The one format the schema uses ($schema: uri); ajv-formats is not a dependency, so URL parsing decides it.
ajv.addFormat('uri', (value: string) => URL.canParse(value));
const validate = ajv.compile(schema);

/** devcontainer.json is JSONC: the pyenvc header and notes are `//` lines before the object. */
function parseJsonc(text: string): Record<string, unknown> {
  return JSON.parse(text.split('\n').filter((l) => !l.startsWith('//')).join('\n')) as Record<string, unknown>;
}

function compileText(text: string, files: Record<string, string> = { 'requirements.txt': 'flask\n', 'app.py': 'app = 1\n' }): CompileResult {
  return compile({ file: 'pyenv.yaml', text, readFile: (p) => files[p] });
}

function devcontainerOf(result: CompileResult): Record<string, unknown> {
  expect(result.ok, renderAll(result)).toBe(true);
  const artifact = result.artifacts.find((a) => a.path === FILE);
  expect(artifact, 'no devcontainer.json was produced').toBeDefined();
  return parseJsonc(artifact!.contents);
}

/** One record as Go's encoding/csv reads it (RFC 4180: quoted fields, "" for a quote), which is how Docker splits --mount. */
function readCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const end = text.indexOf('"', i);
        if (end < 0) throw new Error('unterminated quote');
        value += text.slice(i, end);
        if (text[end + 1] === '"') {
          value += '"';
          i = end + 2;
        } else {
          i = end + 1;
          break;
        }
      }
      fields.push(value);
      i++;
    } else {
      const end = text.indexOf(',', i) < 0 ? text.length : text.indexOf(',', i);
      const value = text.slice(i, end);
      if (value.includes('"')) throw new Error('bare " in non-quoted field');
      fields.push(value);
      i = end + 1;
    }
  }
  return fields;
}

const FLASK = 'version: 1\nname: demo\npreset: flask\ndependencies:\n  pip: {requirements: [requirements.txt]}\ndevcontainer: true\n';

describe('devcontainer.json', () => {
  const produced = goodFixtures().map((name) => [name, compileFolder(join(FIXTURES, name))] as const).filter(([, r]) => r.artifacts.some((a) => a.path === FILE));

  it('is produced by the fixtures that opt in (flask, jupyter-token, private-index-pip, script), and only by them', () => {
    expect(produced.map(([n]) => n)).toEqual(['flask', 'jupyter-token', 'private-index-pip', 'script']);
  });

  for (const [name, result] of produced) {
    it(`${name}: valid against devcontainers/spec devContainer.base.schema.json, with an intact pyenvc header`, () => {
      const text = result.artifacts.find((a) => a.path === FILE)!.contents;
      const valid = validate(parseJsonc(text));
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
      expect(valid).toBe(true);
      expect(readHeader(text)?.intact).toBe(true);
      expect(text).not.toMatch(/JUPYTER_TOKEN"\s*:/);
    });
    it(`${name}: .dockerignore keeps .devcontainer/ out of the image`, () => {
      expect(result.artifacts.find((a) => a.path === '.dockerignore')!.contents.split('\n')).toContain('.devcontainer');
    });
  }

  it('the schema check can fail: an unknown key and a wrong type are rejected', () => {
    expect(validate({ build: { dockerfile: '../Dockerfile' }, overrideCommand: 'no' })).toBe(false);
    expect(validate({ build: { dockerfile: '../Dockerfile' }, userEnvProbe: 'bash' })).toBe(false);
  });

  it('builds the runtime stage of the generated Dockerfile, runs the server as the named user remapped to the host uid', () => {
    const dc = devcontainerOf(compileText(FLASK));
    expect(dc.build).toEqual({ dockerfile: '../Dockerfile', context: '..', target: 'runtime' });
    expect(dc).toMatchObject({ overrideCommand: false, containerUser: 'app', remoteUser: 'app', updateRemoteUserUID: true, userEnvProbe: 'none' });
    expect(dc.workspaceMount).toBe('source=${localWorkspaceFolder},target=/app,type=bind');
    expect(dc.workspaceFolder).toBe('/app');
    expect(dc.forwardPorts).toEqual([8000]);
    expect(dc).not.toHaveProperty('features');
    expect(JSON.stringify(dc.customizations)).toContain('"path":"/bin/bash"');
  });

  it('the Dockerfile stage it targets exists', () => {
    const result = compileText(FLASK);
    expect(result.artifacts.find((a) => a.path === 'Dockerfile')!.contents).toMatch(/^FROM .* AS runtime$/m);
  });

  it('is absent without devcontainer: true, or with false', () => {
    expect(compileText(FLASK.replace('devcontainer: true\n', '')).artifacts.map((a) => a.path)).not.toContain(FILE);
    expect(compileText(FLASK.replace('true', 'false')).artifacts.map((a) => a.path)).not.toContain(FILE);
  });

  it('follows project.context, output.dockerfile and a user, workdir and alpine base', () => {
    const text = 'version: 1\nname: demo\npreset: flask\nproject: {context: src, workdir: /srv/app}\nuser: {name: web}\nbase: {variant: alpine}\noutput: {dockerfile: docker/Dockerfile}\ndependencies:\n  pip: {requirements: [src/requirements.txt]}\ndevcontainer: true\n';
    const dc = devcontainerOf(compileText(text, { 'src/requirements.txt': 'flask\n', 'src/app.py': 'app = 1\n' }));
    expect(dc.build).toEqual({ dockerfile: '../docker/Dockerfile', context: '../src', target: 'runtime' });
    expect(dc.workspaceMount).toBe('source=${localWorkspaceFolder}/src,target=/srv/app,type=bind');
    expect(dc).toMatchObject({ containerUser: 'web', remoteUser: 'web', workspaceFolder: '/srv/app' });
    expect(JSON.stringify(dc.customizations)).toContain('"path":"/bin/sh"');
  });

  it('jupyter: project on /workspace, compose.volumes as mounts, the password secret mounted read-only by path, no token in containerEnv', () => {
    const token = devcontainerOf(compileText('version: 1\nname: nb\npreset: jupyter\ndependencies:\n  pip: {requirements: [requirements.txt]}\ndevcontainer: true\n'));
    expect(token.workspaceFolder).toBe('/workspace');
    expect(token.mounts).toEqual(['source=${localWorkspaceFolder},target=/home/app/work,type=bind']);
    expect(token).not.toHaveProperty('containerEnv');
    const password = devcontainerOf(compileText('version: 1\nname: nb\npreset: jupyter\njupyter: {auth: password}\ncompose: {volumes: ["./notebooks:/home/app/work:ro"]}\ndependencies:\n  pip: {requirements: [requirements.txt]}\ndevcontainer: true\n'));
    expect(password.mounts).toEqual(['source=${localWorkspaceFolder}/notebooks,target=/home/app/work,type=bind,readonly', 'source=${localWorkspaceFolder}/secrets/jupyter_password,target=/run/secrets/jupyter_password,type=bind,readonly']);
    expect(password.containerEnv).toEqual({ JUPYTER_PASSWORD_FILE: '/run/secrets/jupyter_password' });
  });

  it('passes the private-index secret only when dependencies.index is declared, from a host variable', () => {
    const dc = devcontainerOf(compileText(FLASK.replace('devcontainer', 'dependencies:\n  pip: {requirements: [requirements.txt]}\n  index: {url: "https://pypi.example.org/simple", secret: corp.pip}\ndevcontainer').replace(/dependencies:\n  pip: \{requirements: \[requirements.txt\]\}\n(?=dependencies)/, '')));
    expect((dc.build as Record<string, unknown>).options).toEqual(['--secret', 'id=corp.pip,src=${localEnv:PYENVC_SECRET_CORP_PIP}']);
    expect((devcontainerOf(compileText(FLASK)).build as Record<string, unknown>).options).toBeUndefined();
  });

  it('a one-shot script keeps the CLI keep-alive command (the script would stop the container) and says how to run it', () => {
    const result = compileText('version: 1\nname: job\npreset: script\ndevcontainer: true\n', { 'main.py': 'print(1)\n' });
    const dc = devcontainerOf(result);
    expect(dc.overrideCommand).toBe(true);
    expect(result.artifacts.find((a) => a.path === FILE)!.contents).toContain('run the script in a terminal through the entrypoint (it reads *_FILE secrets first): /usr/local/bin/docker-entrypoint.sh python main.py');
  });

  it('env_file and gpu become docker run arguments', () => {
    const dc = devcontainerOf(compileText(FLASK.replace('devcontainer', 'compose: {env_file: .env, gpu: true}\ndevcontainer')));
    expect(dc.runArgs).toEqual(['--env-file', '${localWorkspaceFolder}/.env', '--gpus', 'all']);
  });

  it('PYENV240 warns when project.copy renames paths; PYENV242 when a volume has an SELinux flag; PYENV241 refuses a mount path holding a variable the tools substitute', () => {
    const renamed = compileText(FLASK.replace('devcontainer', 'project: {copy: [{from: src, to: app}, app.py]}\ndevcontainer'), { 'requirements.txt': 'flask\n', 'app.py': '', 'src/x.py': '' });
    expect(renamed.diagnostics.map((d) => `${d.severity} ${d.code}`)).toContain('warning PYENV240');
    const selinux = compileText(FLASK.replace('devcontainer', 'compose: {volumes: ["./data:/app/data:z"]}\ndevcontainer'));
    expect(selinux.diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}`)).toContain('warning PYENV242 6');
    const variable = compileText(FLASK.replace('devcontainer', 'compose: {volumes: ["./${localWorkspaceFolder}:/app/data"]}\ndevcontainer'));
    expect(variable.ok).toBe(false);
    expect(variable.diagnostics.map((d) => d.code)).toContain('PYENV241');
    // Any other ${...} is left alone by the tools, and the same volume without devcontainer: true compiles.
    expect(compileText(FLASK.replace('devcontainer', 'compose: {volumes: ["./${x}:/app/data"]}\ndevcontainer')).ok).toBe(true);
    expect(compileText(FLASK.replace('devcontainer: true', 'compose: {volumes: ["./${localWorkspaceFolder}:/app/data"]}')).ok).toBe(true);
  });

  it('a mount source with a comma or a double quote is one CSV field, as Docker reads --mount', () => {
    const dc = devcontainerOf(compileText(FLASK.replace('devcontainer', 'compose: {volumes: [\'./a,"b:/app/data\']}\ndevcontainer')));
    const mount = (dc.mounts as string[])[0]!;
    expect(mount).toBe('"source=${localWorkspaceFolder}/a,""b",target=/app/data,type=bind');
    expect(readCsvRecord(mount)).toEqual(['source=${localWorkspaceFolder}/a,"b', 'target=/app/data', 'type=bind']);
  });

  it('a hand edit is detected by its checksum and the file is refused without --force, like every output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyenvc-devcontainer-'));
    try {
      const artifact = compileText(FLASK).artifacts.find((a) => a.path === FILE)!;
      mkdirSync(join(dir, '.devcontainer'));
      writeFileSync(join(dir, FILE), artifact.contents.replace('"overrideCommand": false', '"overrideCommand": true'));
      expect(planWrites([artifact], dir, false)[0]!.kind).toBe('refuse');
      writeFileSync(join(dir, FILE), artifact.contents);
      expect(planWrites([artifact], dir, false)[0]!.kind).toBe('unchanged');
      writeFileSync(join(dir, FILE), '{ "image": "mine" }\n');
      expect(planWrites([artifact], dir, false)[0]!.kind).toBe('refuse');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
