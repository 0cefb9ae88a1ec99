#!/usr/bin/env node
// `npm run bench`: compile latency, batch --check, and the images pyenvc generates next to two
// reference Dockerfiles. Prints tables, writes bench/results.json and the results section of
// bench/README.md. Not part of `npm test`: timings on a shared machine are reported, never asserted.
//
// Options: --only=compile,batch,images   --runs=15 (compile rounds)   --batch=500 (manifests)
//          --cold-runs=3 --edit-runs=5 --dep-runs=3 --run-runs=3   --apps=flask,jupyter-token
//          --variants=pyenvc,naive,docker-init
//          --render-only (print the tables of bench/results.json and refresh the README; measure nothing)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBatchCheck } from './lib/batch-check.mjs';
import { measureCompileLatency } from './lib/compile-latency.mjs';
import { APPS, measureImages, VARIANTS } from './lib/images.mjs';
import { fmtMB, fmtMs, markdownTable, table, verdict } from './lib/stats.mjs';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const options = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    return [m[1], m[2] ?? 'true'];
  }),
);
// --render-only: measure nothing; print the tables of bench/results.json and refresh the README.
const only = options['render-only'] ? [] : options.only ? options.only.split(',') : ['compile', 'batch', 'images'];
const int = (name, fallback) => (options[name] ? Number.parseInt(options[name], 10) : fallback);
const log = (line) => process.stderr.write(`${line}\n`);

/**
 * The CLI entries measured for compile latency. `dist/cli/main.js` is what tsc builds (the package's
 * bin before bundling); the others come from `node scripts/bundle-cli.mjs` (dist/pyenvc.cjs, the
 * bundle) and `node scripts/bundle-cli.mjs --ablations` (dist/bench/*.cjs: the bundle with one
 * measure taken out, to show what each measure is worth).
 */
function latencyEntries() {
  const list = [{ id: 'tsc', label: 'unbundled tsc output (dist/cli/main.js)', script: join(root, 'dist/cli/main.js') }];
  const manifestPath = join(root, 'dist/bench/ablations.json');
  if (existsSync(manifestPath)) {
    for (const a of JSON.parse(readFileSync(manifestPath, 'utf8'))) list.push({ id: a.id, label: a.label, script: join(root, a.script) });
  }
  const order = ['tsc', 'bundle-only', 'bundle'];
  const rank = (e) => (order.includes(e.id) ? order.indexOf(e.id) : order.length);
  return list.sort((a, b) => rank(a) - rank(b));
}

/** The entry every other section uses: the bundle when built, else the tsc output. */
function mainScript() {
  const bundle = join(root, 'dist/pyenvc.cjs');
  return existsSync(bundle) ? bundle : join(root, 'dist/cli/main.js');
}

const resultsPath = join(root, 'bench/results.json');
const results = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
if (only.length) results.machine = { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: (await import('node:os')).cpus().length, date: new Date().toISOString() };

if (only.includes('compile')) {
  log(`compile latency: ${int('runs', 15)} interleaved rounds`);
  results.compile = measureCompileLatency({ root, entries: latencyEntries(), runs: int('runs', 15) });
}
if (only.includes('batch')) {
  log(`batch check: ${int('batch', 500)} manifests`);
  const scripts = [...new Set([mainScript(), join(root, 'dist/cli/main.js')])];
  results.batch = scripts.map((script) => ({ script: script.replace(`${root}/`, ''), ...measureBatchCheck({ root, script, count: int('batch', 500), runs: int('batch-runs', 3) }) }));
}
let failed = false;
if (only.includes('images')) {
  log('images: (a) pyenvc, (b) naive, (c) docker init');
  const measured = await measureImages({
    root,
    script: mainScript(),
    coldRuns: int('cold-runs', 3),
    editRuns: int('edit-runs', 5),
    dependencyRuns: int('dep-runs', 3),
    runRuns: int('run-runs', 3),
    apps: options.apps?.split(','),
    variants: options.variants?.split(','),
    log,
  }).catch((error) => {
    // The other sections are still worth writing; the exit code says the run is incomplete.
    log(`images: ${error.message}`);
    failed = true;
    return [];
  });
  // A partial run (--apps, --variants) replaces only what it measured.
  const key = (i) => `${i.fixture}/${i.variant}`;
  const fresh = new Set(measured.map(key));
  results.images = [...(results.images ?? []).filter((i) => !fresh.has(key(i))), ...measured].sort((a, b) => order(a) - order(b));
}

function order(i) {
  return APPS.findIndex((a) => a.fixture === i.fixture) * 100 + VARIANTS.findIndex((v) => v.id === i.variant);
}
if (only.length) writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);

const sections = renderTables(results);
process.stdout.write(`${sections.map((s) => `${s.title}\n\n${table(s.rows)}\n`).join('\n')}`);
updateReadme(sections);
if (failed) process.exitCode = 1;

/** The tables, as rows (plain text for the terminal, Markdown for the README). */
function renderTables(r) {
  const out = [];
  if (r.compile) {
    const c = r.compile;
    const cpu = (x) => (x.cpuRatio === null ? 'n/a' : `${x.cpuRatio.toFixed(2)}`);
    out.push({
      title: `Compile latency (flask fixture; medians of ${c.runs} interleaved runs; bare \`node -e 0\` = ${fmtMs(c.bareNode.wallMs)} wall, ${fmtMs(c.bareNode.cpuMs)} CPU)`,
      rows: [
        ['CLI entry', '--stdout', '× node', 'CPU × node', '--check', '× node', 'CPU × node'],
        ...c.entries.map((e) => [e.label, fmtMs(e.stdout.wallMs), e.stdout.wallRatio.toFixed(2), cpu(e.stdout), fmtMs(e.check.wallMs), e.check.wallRatio.toFixed(2), cpu(e.check)]),
      ],
    });
  }
  if (r.batch) {
    out.push({
      title: `Batch check (one \`pyenvc compile '<dir>/*/pyenv.yaml' --check\` over ${r.batch[0].count} generated manifests; median of ${r.batch[0].samples.length})`,
      rows: [
        ['CLI entry', 'manifests', 'first compile (writes)', '--check total', 'per manifest'],
        ...r.batch.map((b) => [b.script, String(b.count), fmtMs(b.compileMs), fmtMs(b.checkMs), fmtMs(b.perManifestMs)]),
      ],
    });
  }
  for (const app of [...new Set((r.images ?? []).map((i) => i.fixture))]) {
    const cols = VARIANTS.map((v) => r.images.find((i) => i.fixture === app && i.variant === v.id)).filter(Boolean);
    const row = (name, f) => [name, ...cols.map(f)];
    out.push({
      title: `Images: ${app} fixture (base python:3.11-slim of the offline harness; times are medians of the runs; sizes from \`docker image inspect\`)`,
      rows: [
        ['', ...cols.map((c) => VARIANTS.find((v) => v.id === c.variant).label)],
        row(`cold build (--no-cache, empty pip cache; ${cols[0].coldBuildSamples.length} runs)`, (c) => fmtMs(c.coldBuildMs)),
        row(`rebuild after a one-file edit (${cols[0].editRebuildSamples.length} runs)`, (c) => fmtMs(c.editRebuildMs)),
        row(`rebuild after adding a dependency (${cols[0].dependencyRebuildSamples.length} runs)`, (c) => fmtMs(c.dependencyRebuildMs)),
        row('image size', (c) => fmtMB(c.sizeBytes)),
        row('added on top of the base image', (c) => fmtMB(c.addedBytes)),
        row('layers (added to the base)', (c) => `${c.layers} (+${c.addedLayers})`),
        row(`docker run → HTTP ready (${cols[0].readySamples.length} runs)`, (c) => fmtMs(c.readyMs)),
        row('docker run → healthy (HEALTHCHECK; first run)', (c) => (c.healthcheck ? fmtMs(c.healthyMs) : 'no HEALTHCHECK')),
        row(`docker stop (${cols[0].stopSamples.length} runs)`, (c) => fmtMs(c.stopMs)),
      ],
    });
  }
  out.push({ title: 'Goals (reported, not asserted)', rows: [['goal', 'measured', 'verdict'], ...goals(r)] });
  return out;
}

function goals(r) {
  const rows = [];
  if (r.compile) {
    const e = r.compile.entries.find((x) => x.id === 'bundle') ?? r.compile.entries[0];
    rows.push(['compile ≤ 1.3× bare node', `${e.stdout.wallRatio.toFixed(2)}× wall, ${e.stdout.cpuRatio?.toFixed(2) ?? 'n/a'}× CPU (${e.script})`, verdict(e.stdout.wallRatio <= 1.3)]);
  }
  if (r.batch) rows.push([`${r.batch[0].count}-manifest check < 2 s`, `${fmtMs(r.batch[0].checkMs)} (${r.batch[0].script})`, verdict(r.batch[0].checkMs < 2000)]);
  for (const app of [...new Set((r.images ?? []).map((i) => i.fixture))]) {
    const get = (v) => r.images.find((i) => i.fixture === app && i.variant === v);
    const b = get('naive');
    const c = get('docker-init');
    const a = get('pyenvc');
    if (!a) continue;
    const who = `${app} ${VARIANTS.find((v) => v.id === a.variant).label}`;
    const mb = 1024 * 1024;
    // Issue 7's goals, then issue 14's (lean images): size and cold build against (c), healthy in seconds, no regression.
    rows.push([`${who}: one-file-edit rebuild ≤ 0.2 s (issue 7: ≤ 0.5 s)`, fmtMs(a.editRebuildMs), verdict(a.editRebuildMs <= 200)]);
    if (b) rows.push([`${who}: edit rebuild ≥ 20× faster than (b)`, `${(b.editRebuildMs / a.editRebuildMs).toFixed(1)}× (${fmtMs(b.editRebuildMs)} / ${fmtMs(a.editRebuildMs)})`, verdict(b.editRebuildMs / a.editRebuildMs >= 20)]);
    if (c) rows.push([`${who}: added size ≤ (c)'s + 2 MB`, `${fmtMB(a.addedBytes)} vs ${fmtMB(c.addedBytes)} (+${fmtMB(a.addedBytes - c.addedBytes)})`, verdict(a.addedBytes <= c.addedBytes + 2 * mb)]);
    if (c) rows.push([`${who}: cold build ≤ 1.5× (c)'s`, `${(a.coldBuildMs / c.coldBuildMs).toFixed(2)}× (${fmtMs(a.coldBuildMs)} / ${fmtMs(c.coldBuildMs)})`, verdict(a.coldBuildMs <= 1.5 * c.coldBuildMs)]);
    rows.push([`${who}: docker run → healthy ≤ 10 s`, a.healthyMs === null ? 'n/a' : fmtMs(a.healthyMs), verdict(a.healthyMs !== null && a.healthyMs <= 10_000)]);
    rows.push([`${who}: docker stop ≤ 1 s`, fmtMs(a.stopMs), verdict(a.stopMs <= 1000)]);
  }
  return rows;
}

/** Replaces the text between the results markers of bench/README.md with the tables just printed. */
function updateReadme(list) {
  const path = join(root, 'bench/README.md');
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  if (!text.includes(start) || !text.includes(end)) return;
  const m = results.machine;
  const body = [`Run of ${m.date.slice(0, 10)}, Node ${m.node}, ${m.cpus} CPUs (${m.platform}).`, ...list.map((s) => `**${s.title}**\n\n${markdownTable(s.rows)}`)].join('\n\n');
  writeFileSync(path, `${text.slice(0, text.indexOf(start) + start.length)}\n${body}\n${text.slice(text.indexOf(end))}`);
}
