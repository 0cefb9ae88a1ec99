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
  /** Image reference of the builder stage (the python image, or micromamba's for conda). */
  builderImage: string;
  /** Image reference of the final (runtime) stage, digest-pinned when `base.digest` is set. */
  runtimeImage: string;
  platform?: string;
  family: OsFamily;
  /** The Python version: python.version, or for conda the environment file's pin (absent when the solver chooses). */
  pythonVersion?: string;
  /** True when the image is not an official python image (debian:bookworm, ubuntu): Python comes from the distribution's packages. */
  distroPython: boolean;
}

/** A BuildKit mount of one RUN instruction (https://docs.docker.com/reference/dockerfile/#run---mount). */
export type RunMount =
  | { type: 'cache'; target: string }
  | { type: 'secret'; id: string; target: string };

/**
 * One command of a RUN: `argv` words are quoted by the emitter, with optional `VAR=value` assignments
 * in front; `writeFile` writes the lines (each quoted) to a file; `shell` is fixed text written by
 * pyenvc itself (globs, tests), never a manifest value.
 */
export type BuildCommand = { argv: string[]; env?: [string, string][] } | { writeFile: string; lines: string[] } | { shell: string };

/** One RUN instruction of the builder stage: its mounts and its commands, joined with `&&`. */
export interface BuildStep {
  mounts: RunMount[];
  /** Path of a secret holding `NAME=value` lines, exported for this RUN only (uv, poetry, pipenv credentials). */
  secretEnvFile?: string;
  commands: BuildCommand[];
}

/** The private-index secret: which BuildKit secret id, where it is mounted, and the form the tool reads. */
export interface IndexSecretPlan {
  id: string;
  target: string;
  /** pip.conf (pip), `NAME=value` lines (uv, poetry, pipenv), or a .condarc (conda). */
  format: 'pip.conf' | 'env-file' | 'condarc';
}

/** Section of the `dependencies` pass: everything the builder stage does, chosen by one manager module. */
export interface DependenciesPlan {
  manager: ManagerName;
  /** How the manager was chosen: written in the manifest, or detected from a file next to it. */
  chosenBy: 'manifest' | 'detection';
  /** Build-context files copied into the builder before the install step, sorted (a code change keeps the install cached). */
  files: string[];
  /** The lockfile the install is pinned to, when the manager has one (build-context path). */
  lockfile?: string;
  /** The self-contained environment created in the builder and copied to the identical path in the runtime stage. */
  environment: string;
  /** USER of the builder when the image's default is not root (micromamba's image runs as mambauser). */
  builderUser?: string;
  /** SHELL of the builder when the image's default shell would do more than run the command (micromamba's activates). */
  builderShell?: string[];
  /** ENV of the builder stage before any step (tool settings), in order. */
  builderEnv: [string, string][];
  /** Tool binaries copied from another image into the builder: `COPY --from=<image> <sources> <target>`. */
  toolCopies: { image: string; sources: string[]; target: string }[];
  /** RUN steps that create the environment and tool environments, before dependency files are copied. */
  setup: BuildStep[];
  /** RUN steps that install the locked dependencies, after the dependency files are copied. */
  install: BuildStep[];
  /** ENV set together with PATH in the builder once the environment exists (VIRTUAL_ENV for a venv). */
  builderPathEnv: [string, string][];
  /** Where the whole build context is copied for the project steps. */
  projectDir: string;
  /** RUN steps that install the project itself (project.install, non-editable), after the context is copied to projectDir. */
  project: BuildStep[];
  /** Runtime ENV that names the environment (VIRTUAL_ENV or CONDA_PREFIX) and the variables the environment file sets, sorted. */
  runtimeEnv: [string, string][];
  /** The credentials secret of the install steps (optional at build time). */
  secret: IndexSecretPlan;
  indexUrl?: string;
  /** Install the project itself (non-editable) after its dependencies. */
  installProject: boolean;
  /** apt packages for the builder stage only, sorted. */
  buildPackages: string[];
  /** True for conda: the entrypoint sources $CONDA_PREFIX/etc/conda/activate.d/*.sh (plain PATH skips those hooks). */
  activationHooks: boolean;
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
  /** Port and path of `url`, which the probe takes as arguments. */
  port: number;
  path: string;
  /**
   * The lowest HTTP status that counts as unhealthy: 500 when the path came from a preset (any answer
   * below 500 shows the server is up: Django's 400 for a Host outside ALLOWED_HOSTS, a 404 when FastAPI's
   * docs are off or a Flask app has no `/`), 400 when the user chose the path (it must answer 2xx or 3xx).
   */
  failFrom: 400 | 500;
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
  /** The build context, relative to the manifest's folder (`.` or a subfolder). */
  context: string;
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
    /** Bind mounts; `selinux` is the relabel flag (z shared, Z private: https://docs.docker.com/engine/storage/bind-mounts/#configure-the-selinux-label). */
    volumes: { source: string; target: string; readOnly: boolean; selinux?: 'z' | 'Z' }[];
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

/**
 * Section of the `devcontainer` pass (manifest `devcontainer: true`): what `.devcontainer/devcontainer.json`
 * says, for VS Code's "Reopen in Container", Codespaces and the Dev Containers CLI
 * (https://containers.dev/implementors/json_reference/). Paths in `dockerfile` and `context` are
 * relative to the devcontainer.json's folder, as the spec reads them; mount sources are relative to
 * the manifest's folder (the workspace folder the tools open).
 */
export interface DevcontainerPlan {
  /** Where the file is written, relative to the manifest's folder. */
  file: string;
  /** build.dockerfile, relative to the devcontainer.json's folder. */
  dockerfile: string;
  /** build.context, relative to the devcontainer.json's folder. */
  context: string;
  /** build.target: the Dockerfile's runtime stage. */
  target: string;
  /** BuildKit secret passed to the build (`--secret id=<id>,src=${localEnv:<env>}`) when dependencies.index is declared. */
  buildSecret?: { id: string; env: string };
  /** False for servers and workers (tini, the entrypoint and CMD run); true for one-shot scripts, which would exit at once. */
  overrideCommand: boolean;
  /** The image user, by name, so the CLI's uid remapping (updateRemoteUserUID) applies. */
  user: string;
  /** The host folder bind-mounted as the workspace (manifest-relative) and where it appears in the container. */
  workspace: { source: string; target: string };
  /** Further bind mounts: compose.volumes and the Jupyter password secret; source manifest-relative. */
  mounts: { source: string; target: string; readOnly: boolean }[];
  /** Container ports to forward, sorted. */
  forwardPorts: number[];
  /** Environment of the container: names and non-secret values only (never JUPYTER_TOKEN). */
  containerEnv: [string, string][];
  /** Shell of editor terminals: the image user's login shell is /usr/sbin/nologin. */
  terminalShell: string;
  /** compose.env_file, manifest-relative, passed as `--env-file`. */
  envFile?: string;
  gpu: boolean;
  /** Lines written as comments at the top: how to open it, how the server lives, how to reload. */
  notes: string[];
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
  /** Present only with `devcontainer: true`. */
  devcontainer?: DevcontainerPlan;
  origins: Origins;
}
