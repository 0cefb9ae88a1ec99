import { spawn } from 'node:child_process';

/** What a finished command left behind. `ms` is its wall time. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kills the command (only this child, by its pid) after this many milliseconds. */
  timeoutMs?: number;
  input?: string;
}

/**
 * Runs a command without a shell (arguments are never re-parsed) and resolves with its exit status
 * and output; it never rejects because of a non-zero exit, callers assert on `code` themselves.
 */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      });
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/** Like `run`, but rejects with the command line and its output when the exit status is not 0. */
export async function check(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `\`${[command, ...args].join(' ')}\` exited ${result.code ?? result.signal}\n${tail(result.stdout + result.stderr, 40)}`,
    );
  }
  return result;
}

/** The last `lines` lines of a text, for failure messages. */
export function tail(text: string, lines: number): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds with one decimal, for reports. */
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
