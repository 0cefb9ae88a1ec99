/**
 * The manifest after presets and defaults are merged (schema defaults < preset < user manifest):
 * every field the compiler reads has a value. Field names follow `pyenv.yaml` exactly
 * (see schema/pyenv.schema.json for each field's meaning).
 */
export type PresetName = 'jupyter' | 'flask' | 'fastapi' | 'django' | 'streamlit' | 'script' | 'worker';
export const PRESET_NAMES: readonly PresetName[] = ['jupyter', 'flask', 'fastapi', 'django', 'streamlit', 'script', 'worker'];

/** The closed set of dependency managers (architecture rule 2). */
export type ManagerName = 'pip' | 'conda' | 'poetry' | 'uv' | 'pipenv';
export const MANAGER_NAMES: readonly ManagerName[] = ['pip', 'conda', 'poetry', 'uv', 'pipenv'];

export type BaseVariant = 'slim' | 'slim-bookworm' | 'slim-trixie' | 'bookworm' | 'trixie' | 'alpine';

export interface HealthcheckSpec {
  http: string;
  interval: string;
  timeout: string;
  start_period: string;
  retries: number;
}

/** CPU (`500m`, `0.5`) and memory (`512Mi`) as Kubernetes quantity strings (run.resources). */
export interface ResourceAmounts {
  cpu?: string;
  memory?: string;
}

export interface Manifest {
  version: 1;
  name: string;
  preset?: PresetName;
  python: { version: string };
  base: { image?: string; variant: BaseVariant; digest?: string; digests?: Record<string, string>; platform?: string };
  system: { packages: string[]; build_packages: string[]; auto: boolean };
  dependencies: {
    pip?: { requirements: string[]; constraints?: string; packages: string[]; pyproject?: boolean; extras?: string[] };
    conda?: { file: string };
    poetry?: { groups: string[]; tool_lock?: string };
    uv?: { groups: string[]; extras: string[]; package?: string };
    pipenv?: { tool_lock?: string };
    index?: { url?: string; secret?: string };
  };
  project: { context: string; copy?: (string | { from: string; to: string })[]; ignore: string[]; gitignore: boolean; install: boolean; workdir: string; writable: string[] };
  user: { name: string; uid: number; gid: number };
  env: Record<string, string>;
  build: { run: string[]; after_copy: string[]; args: Record<string, string> };
  run: {
    app?: string;
    command?: string[] | string;
    startup: string[];
    ports: number[];
    healthcheck?: HealthcheckSpec | false;
    init: boolean;
    resources?: { requests?: ResourceAmounts; limits?: ResourceAmounts };
  };
  jupyter: { interface: 'lab' | 'notebook'; port: number; root_dir: string; auth: 'token' | 'password' | 'none' };
  django: { collectstatic: boolean };
  compose: {
    file: string;
    publish: string;
    volumes: string[];
    env_file?: string;
    match_host_user: boolean;
    gpu: boolean;
    gpu_cuda?: string;
    hardening: { read_only: boolean; cap_drop: boolean; no_new_privileges: boolean };
  };
  /** Opt-in Kubernetes output (absent: none is written). */
  kubernetes?: { dir: string; name?: string; storage: string };
  /** Opt-in Docker Swarm stack file (absent: none is written). `replicas` absent: the swarm pass chooses. */
  swarm?: { file: string; replicas?: number; endpoint_mode: 'vip' | 'dnsrr'; publish: 'none' | 'host' | 'ingress'; secrets: string[] };
  output: { dockerfile: string; dockerignore: string; entrypoint: string };
  /** true: also write .devcontainer/devcontainer.json (VS Code Dev Containers, Codespaces, devcontainer CLI). */
  devcontainer: boolean;
}

/** Where a resolved value came from, for `pyenvc explain` (architecture rule 3). */
export type Origin =
  | { kind: 'manifest'; line: number; column: number }
  | { kind: 'preset'; preset: PresetName }
  | { kind: 'default' }
  | { kind: 'detection'; rule: string }
  | { kind: 'derived'; from: string };

/** Dotted manifest path (`run.ports`) → origin of the value at that path. */
export type Origins = Record<string, Origin>;
