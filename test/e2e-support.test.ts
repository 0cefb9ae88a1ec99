/**
 * The Docker-free parts of the end-to-end suite, checked by `npm test`: every fixture's e2e.json is
 * valid, and the readers the suite relies on (BuildKit plain progress, /proc process trees, the image
 * byte scan) do flag what they are meant to flag.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cacheProblems, parseBuildSteps } from './e2e/lib/buildlog.js';
import { e2eFixtures, FIXTURES, loadSpec, manifestFixtures } from './e2e/lib/fixture.js';
import { processProblems, type Proc } from './e2e/lib/procs.js';
import { findNeedles } from './e2e/lib/scan.js';

describe('fixtures/*/e2e.json', () => {
  it('every fixture with a manifest has an e2e.json (skip it there, with the reason, if it cannot run offline)', () => {
    expect(manifestFixtures().filter((n) => !e2eFixtures().includes(n))).toEqual([]);
  });

  for (const name of e2eFixtures()) {
    it(`${name}: valid against test/e2e/e2e.schema.json, and the file it edits exists`, () => {
      const spec = loadSpec(name);
      expect(existsSync(join(FIXTURES, name, spec.edit)), spec.edit).toBe(true);
    });
  }
});

const LOG = (pip: 'CACHED' | 'DONE 2.0s', copy: 'CACHED' | 'DONE 0.0s') => `
#4 [builder 1/5] FROM docker.io/library/python:3.11-slim
#4 DONE 0.0s

#7 [builder 2/5] RUN python3 -m venv /opt/venv
#7 CACHED

#5 [runtime 2/4] RUN apt-get update && apt-get install -y tini
#5 CACHED

#11 [builder 5/5] RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
#11 1.061 Looking in indexes: http://127.0.0.1:3141/simple/
#11 [builder 5/5] RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
#11 ${pip}

#12 [runtime 3/4] COPY --from=builder /opt/venv /opt/venv
#12 ${pip === 'CACHED' ? 'CACHED' : 'DONE 0.1s'}

#16 [runtime 4/4] COPY . ./
#16 ${copy}

#17 exporting to image
#17 DONE 0.3s
`;

describe('BuildKit plain progress reader', () => {
  it('reads stages, positions and cache status, once per step', () => {
    const steps = parseBuildSteps(LOG('CACHED', 'DONE 0.0s'));
    expect(steps.map((s) => [s.stage, s.index, s.cached])).toEqual([
      ['builder', 1, false],
      ['runtime', 2, true],
      ['builder', 2, true],
      ['builder', 5, true],
      ['runtime', 3, true],
      ['runtime', 4, false],
    ]);
  });

  it('accepts a rebuild where only the project COPY ran', () => {
    expect(cacheProblems(parseBuildSteps(LOG('CACHED', 'DONE 0.0s')))).toEqual([]);
  });

  it('flags a dependency step that ran again, and a project COPY that did not', () => {
    expect(cacheProblems(parseBuildSteps(LOG('DONE 2.0s', 'DONE 0.0s')))).toEqual([
      'not CACHED: [builder 5/5] RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
      'not CACHED: [runtime 3/4] COPY --from=builder /opt/venv /opt/venv',
    ]);
    expect(cacheProblems(parseBuildSteps(LOG('CACHED', 'CACHED')))).toEqual([
      'the project COPY was CACHED too: the edit did not reach the build',
    ]);
    expect(cacheProblems([])).toEqual(['no project COPY (the runtime COPY of the code) step found in the build output']);
  });
});

describe('process tree rules', () => {
  const proc = (pid: number, ppid: number, uid: number, ...argv: string[]): Proc => ({ pid, ppid, uids: [uid, uid, uid, uid], gids: [uid, uid, uid, uid], argv });
  const tini = proc(1, 0, 1000, 'tini', '--', '/usr/local/bin/docker-entrypoint.sh', 'gunicorn', 'app:app');

  it('accepts tini as PID 1 with the exec\'d command as its child, all as the expected uid', () => {
    expect(processProblems([tini, proc(7, 1, 1000, '/opt/venv/bin/python3', '/opt/venv/bin/gunicorn')], 1000, 1000)).toEqual([]);
  });

  it('flags a shell as PID 1, an entrypoint that did not exec, and a process as another uid', () => {
    expect(processProblems([proc(1, 0, 1000, '/bin/sh', '-c', 'gunicorn app:app'), proc(7, 1, 1000, 'gunicorn')], 1000, 1000)).toEqual([
      'PID 1 is ["/bin/sh","-c","gunicorn app:app"], not tini or dumb-init',
    ]);
    expect(processProblems([tini, proc(7, 1, 1000, '/bin/sh', '/usr/local/bin/docker-entrypoint.sh', 'gunicorn')], 1000, 1000)[0]).toMatch(
      /is still the entrypoint script/,
    );
    expect(processProblems([tini, proc(7, 1, 0, 'gunicorn')], 1000, 1000)).toHaveLength(2);
    expect(processProblems([tini], 1000, 1000)).toEqual(['PID 1 has no child: the command is not running']);
  });

  it('with the image\'s init given, only that one passes as PID 1 (issue 14: dumb-init from the venv)', () => {
    const dumb = proc(1, 0, 1000, '/opt/venv/bin/dumb-init', '--single-child', '--', '/usr/local/bin/docker-entrypoint.sh', 'gunicorn');
    const child = proc(7, 1, 1000, '/opt/venv/bin/python3', '/opt/venv/bin/gunicorn');
    expect(processProblems([dumb, child], 1000, 1000, '/opt/venv/bin/dumb-init')).toEqual([]);
    expect(processProblems([dumb, child], 1000, 1000)).toEqual([]);
    expect(processProblems([tini, child], 1000, 1000, '/opt/venv/bin/dumb-init')[0]).toMatch(/^PID 1 is \["tini",.*, not \/opt\/venv\/bin\/dumb-init$/);
  });
});

describe('image byte scan', () => {
  it('finds needles inside chunks and across chunk boundaries, and nothing else', async () => {
    const chunks = ['....index-url = http://127.', '0.0.1:3141/simple/....', 'token-abc', '....'].map((s) => Buffer.from(s));
    const found = await findNeedles(Readable.from(chunks), ['index-url = http://127.0.0.1:3141/simple/', 'token-abc', 'absent']);
    expect([...found].sort()).toEqual(['index-url = http://127.0.0.1:3141/simple/', 'token-abc']);
  });
});
