import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { artifactsOf, compileFolder, FIXTURES, goodFixtures } from './helpers/fixtures.js';
import { argumentText, envOf, execArray, stagesOf } from './helpers/dockerfile.js';

/**
 * The properties issue #2 promises for every manifest, checked on every fixture's output:
 * multi-stage, dependency files before code, numeric non-root USER before CMD, exec-form tini
 * ENTRYPOINT and CMD, pip cache mount, no `activate` anywhere, ports on 127.0.0.1.
 */
describe('every generated Dockerfile keeps the core invariants', () => {
  for (const name of goodFixtures()) {
    const files = artifactsOf(compileFolder(join(FIXTURES, name)));
    const stages = stagesOf(files['Dockerfile']!);
    const [builder, runtime] = stages as [typeof stages[0], typeof stages[0]];
    const keywords = (s: typeof builder) => s.instructions.map((i) => i.getKeyword());

    it(`${name}: two stages, both from the same image`, () => {
      expect(stages.map((s) => s.name)).toEqual(['builder', 'runtime']);
      expect(builder.from).toBe(runtime.from);
    });

    it(`${name}: builder copies only dependency files before the install, with a pip cache mount`, () => {
      const install = builder.instructions.findIndex((i) => i.getKeyword() === 'RUN' && /pip install/.test(argumentText(i)));
      const copies = builder.instructions.slice(0, install < 0 ? undefined : install).filter((i) => i.getKeyword() === 'COPY');
      for (const c of copies) expect(argumentText(c)).toMatch(/\.(txt|in)( |$)/);
      if (install >= 0) expect(argumentText(builder.instructions[install]!)).toContain('--mount=type=cache,target=/root/.cache/pip');
    });

    it(`${name}: runtime copies the venv to the same path and puts its bin first on PATH`, () => {
      const copyFrom = runtime.instructions.find((i) => i.getKeyword() === 'COPY' && argumentText(i).startsWith('--from=builder'));
      expect(argumentText(copyFrom!)).toBe('--from=builder /opt/venv /opt/venv');
      expect(envOf(runtime).get('PATH')).toMatch(/^\/opt\/venv\/bin:/);
      expect(envOf(builder).get('PATH')).toMatch(/^\/opt\/venv\/bin:/);
      expect(envOf(runtime).get('PYTHONUNBUFFERED')).toBe('1');
      expect(envOf(runtime).get('PYTHONDONTWRITEBYTECODE')).toBe('1');
    });

    it(`${name}: numeric non-root USER before the project COPY and CMD; project copied last`, () => {
      const k = keywords(runtime);
      const user = k.lastIndexOf('USER');
      const users = runtime.instructions.filter((i) => i.getKeyword() === 'USER').map(argumentText);
      expect(users.at(-1)).toMatch(/^[1-9]\d*:[1-9]\d*$/);
      expect(user).toBeLessThan(k.indexOf('CMD'));
      const projectCopy = runtime.instructions.findLastIndex((i) => i.getKeyword() === 'COPY');
      expect(argumentText(runtime.instructions[projectCopy]!)).toMatch(/^--chown=\d+:\d+ /);
      expect(runtime.instructions.slice(projectCopy + 1).every((i) => ['EXPOSE', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD'].includes(i.getKeyword()))).toBe(true);
    });

    it(`${name}: ENTRYPOINT is tini in exec form; CMD is exec form`, () => {
      const entrypoint = runtime.instructions.find((i) => i.getKeyword() === 'ENTRYPOINT')!;
      const cmd = runtime.instructions.find((i) => i.getKeyword() === 'CMD')!;
      expect(execArray(argumentText(entrypoint))).toEqual(['tini', '--', '/usr/local/bin/docker-entrypoint.sh']);
      expect(execArray(argumentText(cmd)).length).toBeGreaterThan(0);
      expect(runtime.instructions.some((i) => i.getKeyword() === 'RUN' && /(apt-get install|apk add) .*\btini\b/.test(argumentText(i)))).toBe(true);
    });

    it(`${name}: no activation step and no curl/wget anywhere`, () => {
      for (const text of Object.values(files)) {
        expect(text).not.toMatch(/\b(conda|source) activate\b|\bactivate\b/);
        expect(text).not.toMatch(/\b(curl|wget)\b/);
      }
    });

    it(`${name}: every published port binds 127.0.0.1 and matches EXPOSE`, () => {
      const compose = parse(files['compose.yaml']!) as { services: Record<string, { ports?: string[] }> };
      const ports = Object.values(compose.services)[0]!.ports ?? [];
      const expose = runtime.instructions.filter((i) => i.getKeyword() === 'EXPOSE').flatMap((i) => argumentText(i).split(' '));
      for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
      expect(ports.map((p) => p.split(':')[2])).toEqual(expose);
    });

    it(`${name}: the entrypoint is LF-only, strict, and ends with exec "$@"`, () => {
      const script = files['docker-entrypoint.sh']!;
      expect(script).not.toContain('\r');
      expect(script.startsWith('#!/bin/sh\n')).toBe(true);
      expect(script).toMatch(/^set -eu$/m);
      const code = script.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
      expect(code.at(-1)).toBe('exec "$@"');
    });
  }
});
