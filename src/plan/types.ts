/**
 * The resolved plan: the compiler's intermediate representation between the manifest and the
 * generated files. Each pass fills exactly one section (architecture rule 1); emitters only read it.
 * Everything here is JSON-serialisable and deterministic (sorted where the data is set-like), so it is
 * snapshot-tested as `plan.json` and printed by `pyenvc explain`.
 */
import type { ManagerName, Origins } from '../manifest/types.js';

/** Which distribution family the images belong to: decides apt vs apk and useradd vs adduser. */
export type OsFamily = 'debian' | 'alpine';

/** Section of the `base` pass: the FROM lines. */
export interface BasePlan {
  /** Image reference of the builder stage. */
  builderImage: string;
  /** Image reference of the final (runtime) stage, digest-pinned when `base.digest` is set. */
  runtimeImage: string;
  platform?: string;
  family: OsFamily;
  pythonVersion: string;
  /** True when the image is not an official python image (debian:bookworm, ubuntu): Python comes from the distribution's packages. */
  distroPython: boolean;
}

/** One file copied into the builder before dependencies are installed (path relative to the build context). */
export type DependencyFile = string;

/** Section of the `dependencies` pass. */
export interface DependenciesPlan {
  manager: ManagerName;
  /** How the manager was chosen: written in the manifest, or detected from a file next to it. */
  chosenBy: 'manifest' | 'detection';
  /** Files copied before the install step, sorted; every -r/-c include is listed. */
  files: DependencyFile[];
  /** Arguments of the install command after `pip install`, in manifest order. */
  installArgs: string[];
  /** The self-contained environment created in the builder and copied to the runtime stage. */
  environment: string;
  /** BuildKit secret id mounted as pip's configuration file for the install step (optional at build time). */
  indexSecret: string;
  indexUrl?: string;
  /** Install the project itself (non-editable) after its dependencies. */
  installProject: boolean;
  /** apt packages for the builder stage only, sorted. */
  buildPackages: string[];
}

/** Section of the `shell` pass: the OS-level commands of the runtime stage. */
export interface ShellPlan {
  /** Packages installed in the runtime stage (system.packages plus tini when `run.init`), sorted. */
  runtimePackages: string[];
  /** `useradd`/`adduser` command creating the non-root user with its HOME. */
  createUser: string;
  /** Absolute path of tini in the runtime image when `run.init`. */
  tini?: string;
  home: string;
  uid: number;
  gid: number;
  userName: string;
  /** `build.run` steps, run as the app user in the runtime stage. */
  buildSteps: string[];
  /** `build.args`, sorted by name. */
  buildArgs: [string, string][];
}

export interface HealthcheckPlan {
  /** URL probed from inside the container, always 127.0.0.1 and the container port. */
  url: string;
  interval: string;
  timeout: string;
  startPeriod: string;
  retries: number;
}

/** Section of the `ports` pass. */
export interface PortsPlan {
  /** Container ports, sorted; the first one in manifest order is `primary`. */
  container: number[];
  primary?: number;
  /** Host address published ports bind to. */
  publish: string;
  healthcheck?: HealthcheckPlan;
}

/** Section of the `entrypoint` pass. */
export interface EntrypointPlan {
  /** Path of the entrypoint script inside the image. */
  scriptPath: string;
  /** Path of the entrypoint script in the build context (output.entrypoint). */
  sourcePath: string;
  /** ENTRYPOINT, exec form. */
  entrypoint: string[];
  /** CMD, exec form (a string command becomes ["/bin/sh", "-c", "exec <string>"]). */
  command: string[];
  jupyter?: { interface: 'lab' | 'notebook'; auth: 'token' | 'password' | 'none'; rootDir: string };
}

/** Section of the `finalize` pass: runtime environment, files and compose settings. */
export interface FinalizePlan {
  workdir: string;
  /** Runtime ENV of the final stage (pyenvc's own and the manifest's), sorted by name. */
  env: [string, string][];
  /** Copied into the workdir last: source relative to the build context, target relative to the workdir. `{source: ".", target: "."}` is the whole context minus .dockerignore. */
  copy: { source: string; target: string }[];
  /** Lines of the generated .dockerignore, in order. */
  ignore: string[];
  compose: {
    file: string;
    service: string;
    ports: string[];
    volumes: { source: string; target: string; readOnly: boolean }[];
    envFile?: string;
    user?: string;
    gpu: boolean;
    /** `no` for a one-shot script (it would loop), `unless-stopped` for servers and workers. */
    restart: 'no' | 'unless-stopped';
    environment: [string, string][];
    secrets: { name: string; file: string; target: string }[];
  };
  outputs: { dockerfile: string; dockerignore: string; entrypoint: string; compose: string };
}

export interface ResolvedPlan {
  manifest: string;
  name: string;
  base: BasePlan;
  dependencies: DependenciesPlan;
  shell: ShellPlan;
  ports: PortsPlan;
  entrypoint: EntrypointPlan;
  finalize: FinalizePlan;
  origins: Origins;
}
