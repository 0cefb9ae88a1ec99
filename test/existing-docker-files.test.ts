import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { readWithProgram } from './helpers/fixtures.js';
import { detectProject } from '../src/init/detect.js';
import { findExistingDockerFiles } from '../src/init/existing-docker-files.js';
import { renderInitManifest } from '../src/init/render.js';
import { pyenvc, tempFolders } from './helpers/cli.js';

const temp = tempFolders();
afterEach(() => temp.cleanUp());

const FLASK = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
const HAND = 'FROM python:3.11-slim\nCOPY . .\n';

/** The output names init chooses for a folder given as {path: contents}. */
function outputsFor(files: Record<string, string>) {
  return findExistingDockerFiles(new Set(Object.keys(files)), (p) => files[p]).outputs;
}

/** A pyenvc-generated text for `path`, from a real compile (so it carries a real header). */
function generated(path: 'Dockerfile' | '.dockerignore' | 'docker-entrypoint.sh' | 'compose.yaml'): string {
  const result = compile({ file: 'pyenv.yaml', text: 'version: 1\nname: demo\npreset: script\n', readFile: readWithProgram() });
  return result.artifacts.find((a) => a.path === path)!.contents;
}

describe('init chooses output names around hand-written Docker files', () => {
  it('keeps every default when no Docker file is there', () => {
    expect(outputsFor(FLASK)).toEqual({});
    expect(detectProject('demo', Object.keys(FLASK), (p) => FLASK[p as keyof typeof FLASK]).dockerFiles).toBeUndefined();
  });

  it('a Dockerfile moves pyenvc to pyenvc.Dockerfile with its own <Dockerfile>.dockerignore, even when there is no .dockerignore', () => {
    expect(outputsFor({ ...FLASK, Dockerfile: HAND })).toEqual({ dockerfile: 'pyenvc.Dockerfile', dockerignore: 'pyenvc.Dockerfile.dockerignore' });
  });

  it('a .dockerignore alone keeps the Dockerfile name and writes Dockerfile.dockerignore', () => {
    expect(outputsFor({ ...FLASK, '.dockerignore': '*.pyc\n' })).toEqual({ dockerignore: 'Dockerfile.dockerignore' });
  });

  it('a docker-entrypoint.sh moves the entrypoint to pyenvc-entrypoint.sh', () => {
    expect(outputsFor({ ...FLASK, 'docker-entrypoint.sh': '#!/bin/sh\nexec "$@"\n' })).toEqual({ entrypoint: 'pyenvc-entrypoint.sh' });
  });

  for (const compose of ['docker-compose.yml', 'docker-compose.yaml', 'compose.yaml', 'compose.yml', 'docker-compose.override.yml']) {
    it(`${compose} moves the compose file to compose.pyenvc.yaml (Compose would pick or merge a compose.yaml)`, () => {
      expect(outputsFor({ ...FLASK, [compose]: 'services: {}\n' })).toEqual({ compose: 'compose.pyenvc.yaml' });
    });
  }

  it('files pyenvc generated itself are not in the way', () => {
    const own = { Dockerfile: generated('Dockerfile'), '.dockerignore': generated('.dockerignore'), 'docker-entrypoint.sh': generated('docker-entrypoint.sh'), 'compose.yaml': generated('compose.yaml') };
    expect(outputsFor({ ...FLASK, ...own })).toEqual({});
  });

  it('takes the first free name when the alternative is taken by a hand-written file too', () => {
    expect(outputsFor({ Dockerfile: HAND, 'pyenvc.Dockerfile': HAND, 'compose.yaml': 'x', 'compose.pyenvc.yaml': 'x' })).toEqual({ dockerfile: 'pyenvc2.Dockerfile', dockerignore: 'pyenvc2.Dockerfile.dockerignore', compose: 'compose.pyenvc2.yaml' });
  });

  it('the manifest init writes names them with a comment, says how to take over, and compiles to files that do not clash', () => {
    const files: Record<string, string> = { ...FLASK, Dockerfile: HAND, '.dockerignore': '*.pyc\n', 'docker-entrypoint.sh': '#!/bin/sh\n', 'docker-compose.yml': 'services: {}\n' };
    const plan = detectProject('demo', Object.keys(files).sort(), (p) => files[p]);
    const text = renderInitManifest(plan);
    expect(text).toContain("# Not pyenvc's: .dockerignore, Dockerfile, docker-compose.yml, docker-entrypoint.sh.");
    expect(text).toContain('`npx pyenvc compile --force`');
    expect(text).toContain('`npx pyenvc compile` to write pyenvc.Dockerfile, pyenvc.Dockerfile.dockerignore, pyenvc-entrypoint.sh and compose.pyenvc.yaml\n');
    expect(plan.notes.join('\n')).toContain('To take over instead');
    const value = parse(text) as { output: Record<string, string>; compose: { file: string } };
    expect(value.output).toEqual({ dockerfile: 'pyenvc.Dockerfile', dockerignore: 'pyenvc.Dockerfile.dockerignore', entrypoint: 'pyenvc-entrypoint.sh' });
    expect(value.compose.file).toBe('compose.pyenvc.yaml');
    const result = compile({ file: 'pyenv.yaml', text, readFile: (p) => files[p] });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const paths = result.artifacts.map((a) => a.path);
    expect(paths).toEqual(['pyenvc.Dockerfile', 'pyenvc.Dockerfile.dockerignore', 'pyenvc-entrypoint.sh', 'compose.pyenvc.yaml']);
    for (const p of paths) expect(files[p]).toBeUndefined();
    const dockerfile = result.artifacts[0]!.contents;
    expect(dockerfile).toContain('docker build -f pyenvc.Dockerfile ');
    expect(dockerfile).toContain('pyenvc-entrypoint.sh');
    const compose = parse(result.artifacts[3]!.contents) as { services: Record<string, { build: { dockerfile: string } }> };
    expect(compose.services.demo!.build.dockerfile).toBe('pyenvc.Dockerfile');
    expect(result.artifacts[3]!.contents).toContain('docker compose -f compose.pyenvc.yaml up');
  });
});

describe('init and compile through the binary on a repository with its own Docker files', () => {
  it('init prints the names and the take-over note; compile writes beside the user files and changes none of them', () => {
    const dir = temp.make();
    const user: Record<string, string> = { ...FLASK, Dockerfile: HAND, 'docker-compose.yml': 'services:\n  web:\n    build: .\n' };
    for (const [p, t] of Object.entries(user)) writeFileSync(join(dir, p), t);
    const init = pyenvc(['init'], dir);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^ {2}output\.dockerfile +pyenvc\.Dockerfile +Dockerfile exists/m);
    expect(init.stdout).toMatch(/^ {2}compose\.file +compose\.pyenvc\.yaml +docker-compose\.yml exists/m);
    expect(init.stdout).toContain('npx pyenvc compile --force');
    expect(init.stdout).toContain('the manifest compiles');
    const compiled = pyenvc(['compile'], dir);
    expect(compiled.code, compiled.stderr).toBe(0);
    for (const p of ['pyenvc.Dockerfile', 'pyenvc.Dockerfile.dockerignore', 'docker-entrypoint.sh', 'compose.pyenvc.yaml']) expect(existsSync(join(dir, p)), p).toBe(true);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
    expect(existsSync(join(dir, '.dockerignore'))).toBe(false);
    for (const [p, t] of Object.entries(user)) expect(readFileSync(join(dir, p), 'utf8')).toBe(t);
  });
});

describe('init keeps the renamed entrypoint LF', () => {
  it('.gitattributes names pyenvc-entrypoint.sh when docker-entrypoint.sh is the user\'s', () => {
    const dir = temp.make();
    for (const [p, t] of Object.entries({ ...FLASK, 'docker-entrypoint.sh': '#!/bin/sh\nexec "$@"\n' })) writeFileSync(join(dir, p), t);
    const init = pyenvc(['init'], dir);
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe('pyenvc-entrypoint.sh text eol=lf\n');
    expect(pyenvc(['compile'], dir).code).toBe(0);
    expect(statSync(join(dir, 'pyenvc-entrypoint.sh')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, 'docker-entrypoint.sh'), 'utf8')).toBe('#!/bin/sh\nexec "$@"\n');
  });
});
