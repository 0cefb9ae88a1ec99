import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBuildSteps, type BuildStep } from './buildlog.js';
import { LABEL, e2eContext } from './context.js';
import { check, run, sleep, tail } from './exec.js';
import { findNeedles } from './scan.js';
import { LIST_PROCESSES, type Proc } from './procs.js';

export interface BuildResult {
  tag: string;
  ms: number;
  log: string;
  logFile: string;
  steps: BuildStep[];
}

/**
 * `docker build` the way the harness README says a pip-installing build must run: BuildKit, plain
 * progress (so cache hits can be read), `--network=host` (the index listens on the host's loopback)
 * and the index pip.conf as the optional BuildKit secret `pip_conf` the generated Dockerfile mounts.
 * A failed build rejects with the tail of its log; the whole log is kept under the run's log folder.
 */
export async function buildImage(dir: string, tag: string, logName: string, options: { noCache?: boolean; secretId?: string; context?: string; dockerfile?: string } = {}): Promise<BuildResult> {
  const ctx = e2eContext();
  const args = ['build', '--progress=plain', '--network=host', '--secret', `id=${options.secretId ?? 'pip_conf'},src=${ctx.pipConf}`, '--label', `${LABEL}=${ctx.runId}`, '-t', tag];
  if (options.noCache) args.push('--no-cache');
  // project.context: the Dockerfile stays in the manifest folder, the build context is the subfolder.
  if (options.context) args.push('-f', join(dir, options.dockerfile ?? 'Dockerfile'), join(dir, options.context));
  else if (options.dockerfile) args.push('-f', join(dir, options.dockerfile), dir);
  else args.push(dir);
  const result = await run('docker', args, { env: { ...process.env, DOCKER_BUILDKIT: '1' }, timeoutMs: 15 * 60_000 });
  const log = result.stdout + result.stderr;
  mkdirSync(ctx.logDir, { recursive: true });
  const logFile = join(ctx.logDir, `${logName}.log`);
  writeFileSync(logFile, log);
  if (result.code !== 0) {
    throw new Error(`docker build of ${logName} failed (exit ${result.code ?? result.signal}); last 40 lines of ${logFile}:\n${tail(log, 40)}`);
  }
  return { tag, ms: result.ms, log, logFile, steps: parseBuildSteps(log) };
}

/** Everything a test file made, removed in afterAll whether the tests passed or not. */
export class Resources {
  private containers: string[] = [];
  private images: string[] = [];
  private dirs: string[] = [];
  private composeProjects: { args: string[]; cwd: string; env: NodeJS.ProcessEnv }[] = [];

  container(id: string) {
    this.containers.push(id);
    return id;
  }
  image(tag: string) {
    this.images.push(tag);
    return tag;
  }
  dir(path: string) {
    this.dirs.push(path);
    return path;
  }
  /** `args` are the docker-compose arguments before the subcommand (-p NAME -f FILE). */
  compose(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    this.composeProjects.push({ args, cwd, env });
  }

  async cleanup(): Promise<void> {
    const problems: string[] = [];
    for (const c of this.composeProjects.splice(0)) {
      const r = await run('docker-compose', [...c.args, 'down', '-v', '--remove-orphans'], { cwd: c.cwd, env: c.env, timeoutMs: 120_000 });
      if (r.code !== 0) problems.push(`docker-compose down: ${tail(r.stderr, 5)}`);
    }
    for (const id of this.containers.splice(0)) {
      const r = await run('docker', ['rm', '-f', '-v', id], { timeoutMs: 60_000 });
      if (r.code !== 0 && !/No such container/i.test(r.stderr)) problems.push(`docker rm ${id}: ${r.stderr.trim()}`);
    }
    const images = [...new Set(this.images.splice(0))];
    if (images.length) {
      const r = await run('docker', ['rmi', '-f', ...images], { timeoutMs: 120_000 });
      if (r.code !== 0 && !/No such image/i.test(r.stderr)) problems.push(`docker rmi: ${r.stderr.trim()}`);
    }
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    if (problems.length) throw new Error(`cleanup problems:\n${problems.join('\n')}`);
  }
}

/** `docker run -d` with the run's label; the container is registered for cleanup. */
export async function runDetached(resources: Resources, name: string, args: string[], image: string, command: string[] = []): Promise<string> {
  const ctx = e2eContext();
  const r = await check('docker', ['run', '-d', '--name', name, '--label', `${LABEL}=${ctx.runId}`, ...args, image, ...command], { timeoutMs: 60_000 });
  return resources.container(r.stdout.trim());
}

export async function inspectJson<T = any>(target: string): Promise<T> {
  const r = await check('docker', ['inspect', target], { timeoutMs: 30_000 });
  return (JSON.parse(r.stdout) as T[])[0]!;
}

/** The container ports an image EXPOSEs, e.g. [8000]. */
export async function exposedPorts(image: string): Promise<number[]> {
  const info = await inspectJson(image);
  return Object.keys(info.Config?.ExposedPorts ?? {})
    .map((p) => Number(p.split('/')[0]))
    .sort((a, b) => a - b);
}

/** The 127.0.0.1 host port Docker chose for `-p 127.0.0.1::<port>`. */
export async function hostPort(container: string, port: number): Promise<number> {
  const r = await check('docker', ['port', container, `${port}/tcp`]);
  const first = r.stdout.trim().split('\n')[0]!;
  if (!first.startsWith('127.0.0.1:')) throw new Error(`port ${port} is published on ${first}, not on 127.0.0.1 only`);
  return Number(first.slice('127.0.0.1:'.length));
}

export async function logs(container: string): Promise<string> {
  const r = await check('docker', ['logs', container], { timeoutMs: 30_000 });
  return r.stdout + r.stderr;
}

/**
 * Waits (bounded) until Docker reports the container's HEALTHCHECK as healthy. Fails early, with the
 * container's logs and the last probe outputs, when it exits or turns unhealthy.
 */
export async function waitHealthy(container: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  let last = '';
  while (performance.now() - started < timeoutMs) {
    const info = await inspectJson(container);
    const state = info.State;
    last = state.Health?.Status ?? '(no healthcheck)';
    if (!state.Health) throw new Error(`the image has no HEALTHCHECK (state ${state.Status})`);
    if (state.Health.Status === 'healthy') return performance.now() - started;
    if (state.Status === 'exited' || state.Health.Status === 'unhealthy') {
      const probes = (state.Health.Log ?? []).map((l: any) => `exit ${l.ExitCode}: ${String(l.Output).trim()}`).join('\n');
      throw new Error(`container ${state.Status}, health ${state.Health.Status} (exit code ${state.ExitCode})\nprobes:\n${probes}\nlogs:\n${tail(await logs(container), 30)}`);
    }
    await sleep(500);
  }
  throw new Error(`not healthy after ${timeoutMs / 1000} s (health: ${last})\nlogs:\n${tail(await logs(container), 30)}`);
}

/** Waits (bounded) until a container has exited; returns its exit code. */
export async function waitExited(container: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const info = await inspectJson(container);
    if (info.State.Status === 'exited' || info.State.Status === 'dead') return info.State.ExitCode;
    await sleep(250);
  }
  throw new Error(`still running after ${timeoutMs / 1000} s\nlogs:\n${tail(await logs(container), 30)}`);
}

/** Waits (bounded) until the container's logs contain `text`; returns the elapsed milliseconds. */
export async function waitForLog(container: string, text: string, timeoutMs: number, since = performance.now()): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    if ((await logs(container)).includes(text)) return performance.now() - since;
    await sleep(100);
  }
  throw new Error(`"${text}" not in the logs within ${timeoutMs / 1000} s; logs:\n${tail(await logs(container), 30)}`);
}

/** The processes of a running container, without the `docker exec` that lists them. */
export async function processes(container: string): Promise<Proc[]> {
  const r = await check('docker', ['exec', container, 'python', '-c', LIST_PROCESSES], { timeoutMs: 30_000 });
  return (JSON.parse(r.stdout) as (Proc & { self: boolean })[]).filter((p) => !p.self && !(p.ppid === 0 && p.pid !== 1));
}

/** `docker stop` with Docker's default 10 s grace period; returns how long it took. */
export async function stopTimed(container: string): Promise<number> {
  const r = await check('docker', ['stop', container], { timeoutMs: 60_000 });
  return r.ms;
}

/** `docker history --no-trunc` as text (every CreatedBy line, comments, sizes). */
export async function historyText(image: string): Promise<string> {
  const r = await check('docker', ['history', '--no-trunc', '--format', '{{.CreatedBy}} {{.Comment}}', image], { timeoutMs: 60_000 });
  return r.stdout;
}

/** Which needles occur anywhere in `docker save <image>` (config, manifest and every layer). */
export async function imageContains(image: string, needles: string[]): Promise<Set<string>> {
  const child = spawn('docker', ['save', image], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const found = await findNeedles(child.stdout, needles);
  const code = await exited;
  if (code !== 0) throw new Error(`docker save ${image} exited ${code}: ${stderr.trim()}`);
  return found;
}
