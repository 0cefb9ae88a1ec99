import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}

/** Facts the global setup checked once and hands to every test file. */
export interface E2eContext {
  /** Short id of this run; part of every image, container and compose project name, and a label. */
  runId: string;
  /** Build logs and the timing report go here. */
  logDir: string;
  /** JSON lines with build times and skips, printed as a table at the end of the run. */
  reportFile: string;
  /** The harness's pip.conf, passed to builds as the BuildKit secret `pip_conf`. */
  pipConf: string;
  /** The offline index, e.g. http://127.0.0.1:3141/simple/ */
  indexUrl: string;
  /** PYENVC_E2E_STRICT=1 (CI): a fixture whose wheels or base image are missing fails instead of skipping. */
  strict: boolean;
  /** PYENVC_E2E_NO_CACHE=1: the first build of each fixture ignores the BuildKit cache (a cold build). */
  noCache: boolean;
}

export const LABEL = 'org.pyenvc.e2e.run';

export function e2eContext(): E2eContext {
  return inject('e2e');
}
