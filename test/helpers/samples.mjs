// Sample projects under test/init-samples/<name>/ with expected.json (the values a careful human would
// choose for that project), and how `pyenvc init` did on them. Plain JavaScript so that
// scripts/works-on.mjs (the README's "works on" table) and the tests share one definition of "detected right".
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const SAMPLES = join(ROOT, 'test', 'init-samples');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Names of the samples that carry an expected.json, sorted. */
export function sampleNames() {
  return readdirSync(SAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(SAMPLES, d.name, 'expected.json')))
    .map((d) => d.name)
    .sort();
}

/** The sample's expected.json. */
export function expectedOf(name) {
  return JSON.parse(readFileSync(join(SAMPLES, name, 'expected.json'), 'utf8'));
}

/**
 * A copy of the sample (without expected.json) at <new temporary folder>/<name>, so the folder has the
 * sample's name (init names projects after their folder); the caller removes dirname(result).
 */
export function copySample(name) {
  const dir = join(mkdtempSync(join(tmpdir(), 'pyenvc-sample-')), name);
  const from = join(SAMPLES, name);
  cpSync(from, dir, { recursive: true, filter: (src) => src !== join(from, 'expected.json') });
  return dir;
}

/** Runs the built CLI in `cwd`. */
export function cli(args, cwd) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * What init decided, in the terms of expected.json: manager, preset, run (app or command), python,
 * name; read from the manifest it wrote (the manifest is the product, not its log).
 */
export function decided(manifestText) {
  const m = parse(manifestText) ?? {};
  const managers = Object.keys(m.dependencies ?? {}).filter((k) => k !== 'index');
  const run = {};
  if (m.run?.app !== undefined) run.app = m.run.app;
  if (m.run?.command !== undefined) run.command = m.run.command;
  return { manager: managers[0] ?? 'none', preset: m.preset ?? null, run, python: m.python?.version ?? null, name: m.name ?? null, package: m.dependencies?.uv?.package ?? null, env_file: m.compose?.env_file ?? null, pythonpath: m.env?.PYTHONPATH ?? null };
}

/**
 * The fields where init's manifest differs from expected.json: [] when detected right. `python: null`
 * in expected.json means nothing in the project pins one (init may keep the default); a `run` of {}
 * means the preset's default is right; `package` (dependencies.uv.package), `env_file`
 * (compose.env_file) and `pythonpath` (env.PYTHONPATH) are compared when expected.json names them
 * (null: must be absent).
 */
export function mismatches(expected, got) {
  const out = [];
  for (const field of ['manager', 'preset', 'name', 'package', 'env_file', 'pythonpath']) if (expected[field] !== undefined && expected[field] !== got[field]) out.push(`${field}: expected ${JSON.stringify(expected[field])}, init wrote ${JSON.stringify(got[field])}`);
  if (expected.python !== null && expected.python !== undefined && expected.python !== got.python) out.push(`python: expected ${JSON.stringify(expected.python)}, init wrote ${JSON.stringify(got.python)}`);
  const want = expected.run ?? {};
  if (JSON.stringify(sorted(want)) !== JSON.stringify(sorted(got.run))) out.push(`run: expected ${JSON.stringify(want)}, init wrote ${JSON.stringify(got.run)}`);
  return out;
}

/**
 * `pyenvc init` then `pyenvc compile` on a copy of the sample: what a new user gets without editing
 * anything. expected.json's `folder` runs both in that subfolder of the sample (an app kept below a
 * repository root, a uv workspace member), so what init reads above the folder is part of the sample.
 */
export function trySample(name) {
  const root = copySample(name);
  const dir = join(root, expectedOf(name).folder ?? '.');
  try {
    const init = cli(['init', '--no-gitattributes'], dir);
    const manifest = existsSync(join(dir, 'pyenv.yaml')) ? readFileSync(join(dir, 'pyenv.yaml'), 'utf8') : undefined;
    const compile = manifest === undefined ? undefined : cli(['compile'], dir);
    const got = manifest === undefined ? undefined : decided(manifest);
    const expected = expectedOf(name);
    // A monorepo root has no project of its own: init lists the projects instead of writing a manifest.
    const problems = expected.init_writes_no_manifest
      ? manifest === undefined ? [] : ['init wrote a pyenv.yaml for a folder that has no project of its own']
      : got ? mismatches(expected, got) : ['init wrote no pyenv.yaml'];
    return { name, init, manifest, compile, got, problems, compiles: manifest === undefined && expected.init_writes_no_manifest ? null : compile?.code === 0 };
  } finally {
    rmSync(dirname(root), { recursive: true, force: true });
  }
}

function sorted(value) {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}
