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
  /**
   * The user's lock of the tool's own dependencies (`dependencies.<tool>.tool_lock`): copied alone
   * into the builder just before the setup steps and installed with `pip install --require-hashes`.
   * Absent without the field (the tool is then installed as `<tool>==<pin>`).
   */
  toolLock?: ToolLockPlan;
  /** RUN steps that install the locked dependencies, after the dependency files are copied. */
  install: BuildStep[];
  /** ENV set together with PATH in the builder once the environment exists (VIRTUAL_ENV for a venv). */
  builderPathEnv: [string, string][];
  /** Where the whole build context is copied for the project steps. */
  projectDir: string;
  /** RUN steps that install the project itself (project.install, non-editable), after the context is copied to projectDir. */
  project: BuildStep[];
  /**
   * The build ARG that gives the project steps a version when the project takes it from VCS metadata
   * (setuptools-scm, hatch-vcs, poetry-dynamic-versioning) and `.git` is not in the build context:
   * declared in the builder only, just before the project is copied, and passed on as the variables
   * the backend reads.
   */
  versionArg?: VersionArgPlan;
  /** Runtime ENV that names the environment (VIRTUAL_ENV or CONDA_PREFIX) and the variables the environment file sets, sorted. */
  runtimeEnv: [string, string][];
  /** The credentials secret of the install steps (optional at build time). */
  secret: IndexSecretPlan;
  indexUrl?: string;
  /** Install the project itself (non-editable) after its dependencies. */
  installProject: boolean;
  /** The folder of the project's own code inside the build context, when it is not the root: the workspace member `dependencies.uv.package` builds. */
  projectRoot?: string;
  /** apt packages for the builder stage only, sorted (system.build_packages, the manager's, and `sourceBuilds`). */
  buildPackages: string[];
  /** What the source-build table added for the declared requirements (system.auto), in requirement order; absent when nothing. */
  sourceBuilds?: SourceBuildPlan[];
  /** True for conda: the environment's activate.d hooks must run (plain PATH skips them); activationWrapper runs them. */
  activationHooks: boolean;
  /**
   * Path of the activation wrapper (conda): written in the builder, copied to the runtime stage, and put
   * in front of the entrypoint, of each build.run step and (as SHELL) of the project.install step.
   */
  activationWrapper?: string;
  /** An init process the manager installs into the environment itself (dumb-init from the index), so the runtime stage installs none. */
  init?: InitPlan;
  /** SHELL of the project steps in the builder, when it differs from builderShell (the activation wrapper). */
  projectShell?: string[];
}

/** A tool lock: which tool, the version its `tool==X` line pins, and the file's build-context path and builder path. */
export interface ToolLockPlan {
  tool: 'poetry' | 'pipenv';
  version: string;
  source: string;
  target: string;
}

/** Packages added for one requirement from src/catalog/source-builds.ts (those the manifest already listed are left out). */
export interface SourceBuildPlan {
  /** PEP 503 name of the requirement. */
  name: string;
  /** `file:line` of the requirement, when known. */
  declaredIn?: string;
  /** Added to the builder stage. */
  build: string[];
  /** Added to the runtime stage. */
  runtime: string[];
}

/** `ARG <name>=<default>` in the builder, then `ENV <variable>="${<name>}"` for each variable the version backend reads. */
export interface VersionArgPlan {
  name: string;
  default: string;
  /** Where the default came from: `build.args`, the project's configured fallback version, or pyenvc's placeholder. */
  defaultFrom: 'build.args' | 'fallback' | 'placeholder';
  backend: 'setuptools-scm' | 'hatch-vcs' | 'poetry-dynamic-versioning';
  /** Environment variables set from the ARG, sorted. */
  variables: string[];
}

/** The init process that runs as PID 1 (`run.init`; facts in src/catalog/init-processes.ts). */
export interface InitPlan {
  name: 'tini' | 'dumb-init';
  /** The ENTRYPOINT words before the entrypoint script: the absolute path or name, then its options and `--`. */
  argv: string[];
  /** Where it comes from: a package of the runtime stage's package manager, or the Python environment the builder made. */
  from: 'system-package' | 'environment';
}

/** Section of the `shell` pass: the OS-level commands of the runtime stage. */
export interface ShellPlan {
  /** Packages installed in the runtime stage (system.packages, the source-build table's runtime libraries, tini when `run.init`), sorted. */
  runtimePackages: string[];
  /** `useradd`/`adduser` command creating the non-root user with its HOME. */
  createUser: string;
  /** The init process at PID 1 when `run.init`: tini from the system packages, or dumb-init from the environment. */
  init?: InitPlan;
  home: string;
  uid: number;
  gid: number;
  userName: string;
  /** `build.run` steps, run as the app user in the runtime stage before the project is copied. */
  buildSteps: string[];
  /** Steps run as root after the project copy (`django.collectstatic`, then `build.after_copy`): they rerun on every code edit. */
  afterCopySteps: string[];
  /** The throwaway variables the collectstatic step gets for settings that read them with no default (sorted; only in that RUN, never in ENV). */
  collectstaticEnv?: [string, string][];
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
  /** `run.startup`: shell commands the entrypoint runs in order before it execs the command; the first failure stops the container with its exit code. */
  startup: string[];
  jupyter?: { interface: 'lab' | 'notebook'; auth: 'token' | 'password' | 'none'; rootDir: string };
}

/**
 * A .dockerignore line pyenvc carried over from a project file (F1 of the trial): `gitignore`, a
 * .gitignore line translated for Docker (src/project/gitignore.ts); `dockerignore`, a line of the
 * project's own .dockerignore, which Docker does not read when it builds pyenvc's Dockerfile; `kept`,
 * a `!` line keeping a file the build needs that one of them excludes. `file` (relative to the
 * manifest's folder), `line` and `text` name the line behind it: for `kept`, the line that excludes the file.
 */
export interface ImportedIgnoreLine {
  pattern: string;
  kind: 'gitignore' | 'dockerignore' | 'kept';
  file: string;
  line: number;
  text: string;
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
  /** The lines of `ignore` carried over from project files, and where each came from (absent when there are none). */
  imported?: ImportedIgnoreLine[];
  /**
   * Folders the app user may write besides HOME itself (issue 13 item 5), absolute and sorted. `caches`:
   * the XDG/Jupyter runtime folders under HOME (tmpfs in a read-only compose service); `beforeCopy`:
   * jupyter.root_dir and project.writable folders made in the user's RUN (COPY keeps the owner of the
   * folder it copies into); `afterCopy`: those strictly below the workdir, where COPY would reset the
   * owner to root, so a RUN after the COPY makes them.
   */
  writable: { caches: string[]; beforeCopy: string[]; afterCopy: string[] };
  compose: {
    file: string;
    service: string;
    ports: string[];
    /** Bind mounts; `selinux` is the relabel flag (z shared, Z private: https://docs.docker.com/engine/storage/bind-mounts/#configure-the-selinux-label). */
    volumes: { source: string; target: string; readOnly: boolean; selinux?: 'z' | 'Z' }[];
    envFile?: string;
    user?: string;
    gpu: boolean;
    /**
     * `no` for a one-shot script (it would loop); `on-failure:5` for servers and workers: restarted
     * after a crash, but a container that can never start (entrypoint exit 64/73) stops after 5 tries.
     */
    restart: 'no' | 'on-failure:5';
    /** Supplementary group of the service (the image user's gid) when it runs as the host uid: HOME and the writable folders are group-writable. */
    groupAdd?: string;
    readOnly: boolean;
    /** tmpfs mounts in compose's short syntax (`/tmp`, `<folder>:uid=…,gid=…,mode=0700`), Compose expressions. */
    tmpfs: string[];
    capDropAll: boolean;
    noNewPrivileges: boolean;
    /** Named volumes over project.writable folders when the root file system is read-only: name and absolute target. */
    namedVolumes: { name: string; target: string }[];
    environment: [string, string][];
    secrets: { name: string; file: string; target: string }[];
  };
  outputs: { dockerfile: string; dockerignore: string; entrypoint: string; compose: string };
}

/** One amount in both spellings: Kubernetes quantity (`500m`, `512Mi`) and Compose (`0.5`, `512m`). */
export interface ResourceQuantity {
  kubernetes: string;
  compose: string;
}

/** Section of the `resources` pass (run.resources): what compose `deploy.resources` and the pod's `resources` say. */
export interface ResourcesPlan {
  requests: { cpu?: ResourceQuantity; memory?: ResourceQuantity };
  limits: { cpu?: ResourceQuantity; memory?: ResourceQuantity };
}

/** A Kubernetes probe, the same check as the image's HEALTHCHECK. */
export interface KubernetesProbePlan {
  /**
   * `httpGet` when 2xx/3xx is the rule (a path the user chose: Kubernetes counts 200-399 as success),
   * with the Host header the image's probe sends; `exec` runs the image's own probe command when any
   * answer below 500 counts (a preset's path), which httpGet cannot express.
   */
  handler: { httpGet: { path: string; port: string; host: string } } | { exec: string[] };
  periodSeconds: number;
  timeoutSeconds: number;
  /** readiness and liveness: retries, as Docker counts them. */
  failureThreshold: number;
  /** startup: the start period plus the retries, in periods. */
  startupFailureThreshold: number;
}

/** Section of the `kubernetes` pass (present only with the manifest's `kubernetes` block). */
export interface KubernetesPlan {
  dir: string;
  /** DNS-1035 label: object names, container name, app.kubernetes.io/name. */
  name: string;
  /** Job for a one-shot script (compose restart "no"), Deployment otherwise. */
  workload: 'Deployment' | 'Job';
  /** The same image reference as compose, so kustomize `images:` rewrites both alike. */
  image: string;
  uid: number;
  gid: number;
  /** Named container ports, in the order of ports.container; the primary is `http`. */
  ports: { name: string; port: number }[];
  probe?: KubernetesProbePlan;
  /** emptyDir mount paths for a read-only root filesystem, sorted, none inside another. */
  writable: string[];
  /** One PersistentVolumeClaim per compose volume. */
  claims: { name: string; mountPath: string; readOnly: boolean; storage: string }[];
  /** The Secret the user creates, mounted at /run/secrets like compose's secrets. */
  secret?: { name: string; keys: string[]; mountPath: string };
  /** Env the pod adds to the image's ENV, sorted. */
  env: [string, string][];
  gpu: boolean;
  terminationGracePeriodSeconds: number;
  files: { kustomization: string; workload: string; service?: string; pvc?: string };
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

/** A Swarm secret the stack mounts: the stack's key, the external secret's name in the Swarm, the file in the container. */
export interface SwarmSecretPlan {
  /** Key under the stack's `secrets:` and the file name under /run/secrets (`jupyter_token`, `secret_key`). */
  key: string;
  /** Name of the external secret the user creates (`<name>_<key>`), so two apps in one Swarm never share one by accident. */
  external: string;
  /** Absolute path in the container (`/run/secrets/<key>`). */
  target: string;
  /** The variable the entrypoint exports from the file (`SECRET_KEY` from `SECRET_KEY_FILE`). */
  variable: string;
}

/** Section of the `swarm` pass (present only with the manifest's `swarm` block): what stack.yaml says. */
export interface SwarmPlan {
  /** Path of the stack file, relative to the manifest's folder. */
  file: string;
  /** The stack's service key: compose's service name made a valid Swarm service name (`.` → `-`, see swarmServiceName). */
  service: string;
  /** The same image reference as compose (`<name>:latest`); `docker stack deploy` ignores `build`. */
  image: string;
  replicas: number;
  endpointMode: 'vip' | 'dnsrr';
  /** none: no published port; host / ingress: each container port published (on ALL interfaces) in that mode. */
  publish: 'none' | 'host' | 'ingress';
  /** Container ports published as the same port number, sorted (empty with publish none). */
  ports: number[];
  /** `deploy.restart_policy.condition`: none for a one-shot script, on-failure otherwise. */
  restart: 'none' | 'on-failure';
  /** `update_config.monitor` and `rollback_config.monitor` in whole seconds: how long Swarm watches a new task for failure. */
  monitorSeconds: number;
  /** Read-only root file system with tmpfs mounts at these folders (compose's tmpfs list, without its uid/gid/mode options, which the 3.x format lacks). */
  readOnly: boolean;
  tmpfs: string[];
  capDropAll: boolean;
  /** Named volumes: compose's named volumes and one per bind mount (a host folder does not follow a task to another node). */
  volumes: { name: string; target: string; readOnly: boolean }[];
  /** The service's environment (compose's, plus one *_FILE per secret), sorted; literals. */
  environment: [string, string][];
  envFile?: string;
  secrets: SwarmSecretPlan[];
  /** compose.gpu was asked for: the stack has no GPU reservation (Swarm rejects compose's), only NVIDIA_VISIBLE_DEVICES. */
  gpu: boolean;
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
  /** Present only when run.resources is written. */
  resources?: ResourcesPlan;
  kubernetes?: KubernetesPlan;
  /** Present only with `devcontainer: true`. */
  devcontainer?: DevcontainerPlan;
  /** Present only with the manifest's `swarm` block. */
  swarm?: SwarmPlan;
  origins: Origins;
}
