import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { LABEL, type E2eContext } from './lib/context.js';
import { run } from './lib/exec.js';
import { CLI } from './lib/fixture.js';
import type { ReportLine } from './lib/report.js';

const HOWTO = 'bring the offline harness up first: `bash ../shared/e2e/up.sh && source /tmp/pyenvc-e2e/env` (see test/e2e/README.md)';

/**
 * Checks once that the offline Docker harness is usable, hands the run's facts to the test files,
 * and afterwards removes anything labelled with this run that a crashed test left behind, then
 * prints the timing table.
 */
export default async function setup(project: TestProject) {
  const fail = (why: string): never => {
    throw new Error(`e2e preflight: ${why}; ${HOWTO}`);
  };
  const version = await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 30_000 }).catch(() => undefined);
  if (!version || version.code !== 0) fail(`no Docker engine answers (${version?.stderr.trim() ?? 'docker not on PATH'})`);
  const buildx = await run('docker', ['build', '--help'], { timeoutMs: 30_000 });
  if (!/--secret/.test(buildx.stdout)) fail('this docker client cannot pass build secrets (BuildKit): put Debian\'s docker first on PATH');
  const compose = await run('docker-compose', ['version', '--short'], { timeoutMs: 30_000 }).catch(() => undefined);
  if (!compose || compose.code !== 0) fail('docker-compose (v1) is missing');
  const pipConf = process.env.PYENVC_E2E_PIP_CONF ?? '';
  if (!pipConf || !existsSync(pipConf)) fail(`PYENVC_E2E_PIP_CONF (${pipConf || 'unset'}) does not name the harness's pip.conf`);
  const indexUrl = process.env.PYENVC_E2E_INDEX_URL ?? process.env.PIP_INDEX_URL ?? '';
  const index = indexUrl ? await fetch(indexUrl, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined) : undefined;
  if (!index || index.status !== 200) fail(`the offline index ${indexUrl || '(PIP_INDEX_URL unset)'} does not answer`);
  if (!existsSync(CLI)) fail(`${CLI} is missing: run \`npm run build\``);

  const runId = randomBytes(4).toString('hex');
  const logDir = join(process.env.PYENVC_E2E_DIR ?? '/tmp/pyenvc-e2e', 'logs', `e2e-${runId}`);
  mkdirSync(logDir, { recursive: true });
  const reportFile = join(logDir, 'report.jsonl');
  writeFileSync(reportFile, '');
  const context: E2eContext = {
    runId,
    logDir,
    reportFile,
    pipConf,
    indexUrl,
    strict: process.env.PYENVC_E2E_STRICT === '1',
    noCache: process.env.PYENVC_E2E_NO_CACHE === '1',
  };
  project.provide('e2e', context);
  console.log(`[e2e] run ${runId}: docker ${version!.stdout.trim()}, docker-compose ${compose!.stdout.trim()}, index ${indexUrl}, logs in ${logDir}`);

  return async () => {
    await sweep(runId);
    printReport(reportFile);
  };
}

/** Safety net: removes containers, images and compose networks of this run that a test left. */
async function sweep(runId: string) {
  const left: string[] = [];
  const containers = (await run('docker', ['ps', '-aq', '--filter', `label=${LABEL}=${runId}`])).stdout.split('\n').filter(Boolean);
  const composed = (await run('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project`, '--filter', `name=${runId}`])).stdout.split('\n').filter(Boolean);
  if (containers.length + composed.length) {
    left.push(`${containers.length + composed.length} container(s)`);
    await run('docker', ['rm', '-f', '-v', ...containers, ...composed]);
  }
  const images = (await run('docker', ['images', '-q', '--filter', `label=${LABEL}=${runId}`])).stdout.split('\n').filter(Boolean);
  if (images.length) {
    left.push(`${images.length} image(s)`);
    await run('docker', ['rmi', '-f', ...new Set(images)]);
  }
  const networks = (await run('docker', ['network', 'ls', '-q', '--filter', `name=${runId}`])).stdout.split('\n').filter(Boolean);
  if (networks.length) {
    left.push(`${networks.length} network(s)`);
    await run('docker', ['network', 'rm', ...networks]);
  }
  if (left.length) console.log(`[e2e] teardown removed what tests left behind: ${left.join(', ')}`);
}

function printReport(reportFile: string) {
  const lines = readFileSync(reportFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReportLine);
  if (!lines.length) return;
  const width = Math.max(...lines.map((l) => l.fixture.length));
  const what = Math.max(...lines.map((l) => l.what.length));
  console.log('\n[e2e] summary');
  for (const l of lines) console.log(`[e2e]   ${l.fixture.padEnd(width)}  ${l.what.padEnd(what)}  ${l.value}`);
}
