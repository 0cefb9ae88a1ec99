/**
 * Reads BuildKit's `--progress=plain` output (Docker 20.10's built-in BuildKit): every vertex is
 * announced as `#N [stage k/n] INSTRUCTION` and finishes with `#N CACHED`, `#N DONE 1.2s` or
 * `#N ERROR ...` (https://docs.docker.com/build/building/cache/ — a step reused from the cache is
 * reported as CACHED).
 */
export interface BuildStep {
  id: number;
  /** Stage name (`builder`, `runtime`), or '' for an unnamed stage. */
  stage: string;
  /** 1-based position in its stage; FROM is 1. */
  index: number;
  total: number;
  instruction: string;
  cached: boolean;
  done: boolean;
  error: boolean;
}

const HEADER = /^#(\d+) \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/;
const STATUS = /^#(\d+) (CACHED|DONE\b.*|ERROR\b.*)$/;

export function parseBuildSteps(log: string): BuildStep[] {
  const steps = new Map<number, BuildStep>();
  const pending = new Map<number, string>();
  for (const raw of log.split('\n')) {
    const line = raw.trimEnd();
    const header = HEADER.exec(line);
    if (header) {
      const id = Number(header[1]);
      if (!steps.has(id)) {
        steps.set(id, {
          id,
          stage: header[2] ?? '',
          index: Number(header[3]),
          total: Number(header[4]),
          instruction: header[5]!,
          cached: false,
          done: false,
          error: false,
        });
      }
      continue;
    }
    const status = STATUS.exec(line);
    if (status) pending.set(Number(status[1]), status[2]!);
  }
  for (const [id, s] of pending) {
    const step = steps.get(id);
    if (!step) continue;
    step.cached = s === 'CACHED';
    step.done = s.startsWith('DONE');
    step.error = s.startsWith('ERROR');
  }
  return [...steps.values()].sort((a, b) => a.id - b.id);
}

/**
 * The project COPY of the final stage: every COPY there that is neither `--from=` (the environment) nor
 * the entrypoint's (target /usr/local/bin/docker-entrypoint.sh). It has no --chown: the code is root's
 * (issue 13 item 5).
 */
export const isProjectCopy = (s: BuildStep) => s.stage === 'runtime' && /^COPY (?!--from=)/.test(s.instruction) && !/ \/usr\/local\/bin\/docker-entrypoint\.sh$/.test(s.instruction);

/**
 * After editing one project file: every step before the project COPY (all earlier stages, and the
 * final stage up to the first project COPY; FROM excluded) must be CACHED, and a project COPY must
 * not be (otherwise the edit never reached the build). Returns the problems, empty when fine.
 */
export function cacheProblems(steps: BuildStep[]): string[] {
  const copies = steps.filter(isProjectCopy);
  if (copies.length === 0) return ['no project COPY (the runtime COPY of the code) step found in the build output'];
  const stage = copies[0]!.stage;
  const first = Math.min(...copies.map((s) => s.index));
  const problems: string[] = [];
  for (const s of steps) {
    if (s.index === 1 || /^FROM /.test(s.instruction)) continue;
    const beforeCopy = s.stage !== stage || s.index < first;
    if (beforeCopy && !s.cached) problems.push(`not CACHED: [${s.stage} ${s.index}/${s.total}] ${s.instruction}`);
  }
  if (copies.every((s) => s.cached)) problems.push('the project COPY was CACHED too: the edit did not reach the build');
  return problems;
}
