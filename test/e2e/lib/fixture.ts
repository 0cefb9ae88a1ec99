import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { check, run } from './exec.js';

export const ROOT = new URL('../../..', import.meta.url).pathname;
export const FIXTURES = join(ROOT, 'fixtures');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** The shape of fixtures/<case>/e2e.json; test/e2e/e2e.schema.json is the contract. */
export interface E2eSpec {
  kind: 'web' | 'jupyter' | 'oneshot' | 'worker';
  edit: string;
  /** The BuildKit secret id the Dockerfile mounts as pip.conf (dependencies.index.secret); default pip_conf. */
  index_secret?: string;
  /** project.context of the manifest: the folder built as the context, with -f <fixture>/Dockerfile. */
  context?: string;
  probes?: { path: string; port?: number; status: number; body?: string; writes?: boolean }[];
  exec?: { command: string[]; stdout: string }[];
  /** web: variables the containers get through NAME_FILE secrets under /run/secrets (see runSecretArgs). */
  run_secrets?: Record<string, string>;
  output?: { stdout: string; exit_code: number };
  logs?: { started: string; within_s: number; on_stop: string };
  compose_up?: boolean;
  requires_wheels?: string[];
  skip?: string;
}

/** What the tests need from the manifest, with the schema's defaults. */
export interface ManifestFacts {
  name: string;
  uid: number;
  gid: number;
  jupyter?: { auth: 'token' | 'password' | 'none'; rootDir: string };
  matchHostUser: boolean;
  /** The image user's HOME, writable by it. */
  home: string;
  /** project.writable folders, absolute (under the workdir). */
  writable: string[];
}

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(join(ROOT, 'test', 'e2e', 'e2e.schema.json'), 'utf8')),
);

/** Validates and returns fixtures/<name>/e2e.json. */
export function loadSpec(name: string): E2eSpec {
  const spec = JSON.parse(readFileSync(join(FIXTURES, name, 'e2e.json'), 'utf8'));
  if (!validate(spec)) {
    throw new Error(`fixtures/${name}/e2e.json: ${validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
  }
  return spec as E2eSpec;
}

/** Fixtures with an e2e.json, sorted. */
export function e2eFixtures(): string[] {
  return readdirSync(FIXTURES)
    .filter((d) => !d.startsWith('_') && existsSync(join(FIXTURES, d, 'e2e.json')))
    .sort();
}

/** Fixtures with a manifest (every one whose compose file compose v1 must accept), sorted. */
export function manifestFixtures(): string[] {
  return readdirSync(FIXTURES)
    .filter((d) => !d.startsWith('_') && existsSync(join(FIXTURES, d, 'pyenv.yaml')))
    .sort();
}

export function manifestFacts(name: string): ManifestFacts {
  const m = parse(readFileSync(join(FIXTURES, name, 'pyenv.yaml'), 'utf8')) ?? {};
  const isJupyter = m.preset === 'jupyter';
  return {
    name: m.name,
    uid: m.user?.uid ?? 1000,
    gid: m.user?.gid ?? 1000,
    jupyter: isJupyter ? { auth: m.jupyter?.auth ?? 'token', rootDir: m.jupyter?.root_dir ?? '/home/app/work' } : undefined,
    matchHostUser: m.compose?.match_host_user ?? isJupyter,
    home: `/home/${m.user?.name ?? 'app'}`,
    writable: ((m.project?.writable ?? []) as string[]).map((w) => `${m.project?.workdir ?? '/app'}/${w}`.replace(/\/+$/, '')),
  };
}

/**
 * Copies a fixture's inputs (not expected/ nor e2e.json) into a new temporary folder and compiles it
 * there with the built CLI, exactly as a user would: `node dist/cli/main.js compile <copy>/pyenv.yaml`.
 * fixtures/ is never written.
 */
export async function prepareFixture(name: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `pyenvc-e2e-${name}-`));
  const from = join(FIXTURES, name);
  cpSync(from, dir, {
    recursive: true,
    filter: (src) => src !== join(from, 'expected') && !src.startsWith(join(from, 'expected') + '/') && src !== join(from, 'e2e.json'),
  });
  await check(process.execPath, [CLI, 'compile', join(dir, 'pyenv.yaml')], { timeoutMs: 60_000 });
  return dir;
}

/** The images the compiled Dockerfile builds FROM (stage names excluded). */
export function baseImages(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of dockerfile.split('\n')) {
    const m = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    if (!stages.has(m[1]!)) images.push(m[1]!);
    if (m[2]) stages.add(m[2]);
  }
  return [...new Set(images)];
}

/**
 * Why a fixture cannot be built offline here, or undefined: a FROM image the harness does not provide
 * (only python:3.11 stand-ins exist), or a distribution the offline index does not serve.
 */
export async function unavailable(spec: E2eSpec, dockerfile: string, indexUrl: string): Promise<string | undefined> {
  const reasons: string[] = [];
  for (const image of baseImages(dockerfile)) {
    const r = await run('docker', ['image', 'inspect', image], { timeoutMs: 30_000 });
    if (r.code !== 0) reasons.push(`base image ${image} is not available offline (the harness provides python:3.11 stand-ins only)`);
  }
  for (const wheel of spec.requires_wheels ?? []) {
    const url = `${indexUrl.replace(/\/?$/, '/')}${wheel.toLowerCase().replace(/[-_.]+/g, '-')}/`;
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    if (!res || res.status !== 200) {
      reasons.push(`the offline index does not serve ${wheel} (${url} answered ${res?.status ?? 'nothing'}; add its Debian package to PYENVC_E2E_EXTRA_DEBS)`);
    }
  }
  return reasons.length ? reasons.join('; ') : undefined;
}

/**
 * Changes a source file so that its content is new to the BuildKit cache (the run id goes in), while
 * it stays valid: a notebook gets a metadata key, any other file a trailing comment line.
 */
export function editSource(file: string, runId: string): void {
  if (file.endsWith('.ipynb')) {
    const notebook = JSON.parse(readFileSync(file, 'utf8'));
    notebook.metadata = { ...notebook.metadata, pyenvc_e2e_edit: runId };
    writeFileSync(file, `${JSON.stringify(notebook, null, 1)}\n`);
  } else {
    appendFileSync(file, `\n# edited by the pyenvc e2e suite, run ${runId}\n`);
  }
}
