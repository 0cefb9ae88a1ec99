/**
 * Negative controls: each check of fixtures.e2e.test.ts must be able to fail. These tests break a
 * compiled copy of the flask fixture on purpose and expect the same helpers the suite uses to report
 * the breakage (a test that cannot fail is a defect).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheProblems } from './lib/buildlog.js';
import { e2eContext } from './lib/context.js';
import { buildImage, imageContains, Resources, runDetached, waitForLog, waitHealthy } from './lib/docker.js';
import { editSource, prepareFixture } from './lib/fixture.js';

const FIXTURE = 'flask';

describe('the suite fails on a broken generated image', () => {
  const ctx = e2eContext();
  const resources = new Resources();
  const tag = (what: string) => resources.image(`pyenvc-e2e-broken-${what}:${ctx.runId}`);
  afterAll(() => resources.cleanup());

  it('a requirement file deleted after compiling fails the build, with the build log tail in the error', async () => {
    const dir = resources.dir(await prepareFixture(FIXTURE));
    rmSync(join(dir, 'requirements.txt'));
    const error = await buildImage(dir, tag('norequirements'), 'broken-norequirements').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error, 'the build of a Dockerfile whose requirement file is missing succeeded').toBeInstanceOf(Error);
    expect(error!.message).toMatch(/docker build of broken-norequirements failed \(exit 1\); last 40 lines of /);
    expect(error!.message).toMatch(/requirements\.txt.*not found|not found.*requirements\.txt/);
  });

  it('an app that crashes at start fails the health wait, with its logs in the error', async () => {
    const dir = resources.dir(await prepareFixture(FIXTURE));
    writeFileSync(join(dir, 'app.py'), 'raise RuntimeError("e2e: deliberately broken app")\n');
    const image = tag('crash');
    await buildImage(dir, image, 'broken-crash');
    const container = await runDetached(resources, `pyenvc-e2e-broken-crash-${ctx.runId}`, ['--health-interval=1s', '-p', '127.0.0.1::8000'], image);
    await expect(waitHealthy(container, 60_000)).rejects.toThrow(/e2e: deliberately broken app/);
  });

  it('editing a requirement file instead of a source file makes the cache check fail', async () => {
    const dir = resources.dir(await prepareFixture(FIXTURE));
    await buildImage(dir, tag('cache1'), 'broken-cache1');
    editSource(join(dir, 'requirements.txt'), ctx.runId); // a comment line: new content, same packages
    const again = await buildImage(dir, tag('cache2'), 'broken-cache2');
    const problems = cacheProblems(again.steps);
    expect(problems.some((p) => /not CACHED: \[builder \d+\/\d+\] COPY requirements\.txt/.test(p)), problems.join('\n')).toBe(true);
    expect(problems.some((p) => /not CACHED: .*pip install/.test(p)), problems.join('\n')).toBe(true);
  });

  it('a worker whose output is buffered (PYTHONUNBUFFERED emptied) fails the log check', async () => {
    const dir = resources.dir(await prepareFixture('worker'));
    const image = tag('buffered');
    await buildImage(dir, image, 'broken-buffered');
    const container = await runDetached(resources, `pyenvc-e2e-broken-buffered-${ctx.runId}`, ['-e', 'PYTHONUNBUFFERED='], image);
    await expect(waitForLog(container, 'worker: started', 3_000)).rejects.toThrow(/not in the logs within 3 s/);
  });

  it('a secret that does get into an image is found by the image scan', async () => {
    const dir = resources.dir(await prepareFixture(FIXTURE));
    // pip.conf is ignored at any depth (src/catalog/credentials.ts), but a copy of its contents under a
    // name no rule knows (conf/index-settings.txt) is baked into the project layer.
    mkdirSync(join(dir, 'conf'));
    const pipConf = readFileSync(ctx.pipConf, 'utf8').trim();
    writeFileSync(join(dir, 'conf', 'index-settings.txt'), `${pipConf}\n`);
    const image = tag('leak');
    await buildImage(dir, image, 'broken-leak');
    const found = await imageContains(image, [pipConf]);
    expect(found.has(pipConf)).toBe(true);
  });
});
