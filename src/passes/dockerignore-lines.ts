import { CREDENTIAL_FILES } from '../catalog/credentials.js';
import { LOCAL_STATE_FILES } from '../catalog/local-state.js';
import type { ImportedIgnoreLine } from '../plan/types.js';
import { importedSection } from './imported-ignores.js';
import { dockerignoreMatcher } from '../manifest/dockerignore-matcher.js';

/**
 * The .dockerignore baseline (case C29): VCS folders, virtual environments, bytecode and tool caches
 * at any depth (`**` as Docker's matcher reads it: https://docs.docker.com/build/concepts/context/#dockerignore-files),
 * notebook checkpoints, editor folders (.devcontainer/ is read by the Dev Containers tools on the
 * host, .pyenvc/ holds the schema editors read: neither is needed by the image), what a running app
 * writes on a developer's machine (src/catalog/local-state.ts: SQLite databases, logs,
 * local_settings.py), credential files at any depth (src/catalog/credentials.ts: dotenv files, keys,
 * pip.conf, .netrc, .pypirc, .condarc, Poetry's auth.toml, .ssh, .aws, Docker and kube configs).
 * It has no `!` line: the lines carried from the project come before it, and whatever they
 * re-include, every path the baseline names stays excluded.
 */
export const BASE_IGNORE: readonly string[] = [
  '# Version control',
  '.git',
  '.gitignore',
  '.hg',
  '.svn',
  '# Virtual environments and tool state',
  '.venv',
  '**/.venv',
  'venv',
  '.tox',
  '.nox',
  '**/node_modules',
  '# Bytecode and caches',
  '**/__pycache__',
  '**/*.py[cod]',
  '**/.pytest_cache',
  '**/.mypy_cache',
  '**/.ruff_cache',
  '**/.coverage',
  '**/htmlcov',
  '**/*.egg-info',
  '# Notebooks and editors',
  '**/.ipynb_checkpoints',
  '**/.DS_Store',
  '.idea',
  '.vscode',
  '.devcontainer',
  '.pyenvc',
  "# Local state a running app writes (databases, logs, a developer's settings)",
  ...LOCAL_STATE_FILES.map((e) => e.pattern),
  '# Secrets and credential files, at any depth: never sent to the builder',
  ...CREDENTIAL_FILES.map((c) => c.pattern),
];

/** What the generated .dockerignore is made of besides the baseline (finalize.ts resolves each). */
export interface DockerignoreParts {
  /** Lines carried over from the project's .gitignore and .dockerignore, and the `!` lines keeping what the build needs (imported-ignores.ts). */
  imported: readonly ImportedIgnoreLine[];
  /** The Dockerfile the file is for (named in the comment over a carried .dockerignore). */
  dockerfile: string;
  /** Packaging output folders (packaging-output.ts). */
  packagingOutput: readonly string[];
  /** Flask's instance folder, when it is excluded (local-state.ts). */
  instance: readonly string[];
  composeFile?: string;
  /**
   * The manifest, the Dockerfile and the .dockerignore, relative to the context (those inside it that
   * the Dockerfile does not copy by name). Docker still reads the last two for the build; COPY leaves
   * out what .dockerignore excludes (https://docs.docker.com/build/concepts/context/#dockerignore-files).
   */
  ownFiles?: readonly string[];
  kubernetesDir?: string;
  stackFile?: string;
  /** compose.env_file as a .dockerignore line, when it is inside the context (env-file-ignore.ts). */
  envFile?: string;
  projectIgnore: readonly string[];
}

/**
 * The generated file's lines: the lines carried from the project (first, so that the baseline after
 * them always applies), the baseline, the packaging output folders (packaging-output.ts), Flask's
 * instance folder, the compose file, the manifest with the Dockerfile and .dockerignore, the Kubernetes folder, the Swarm stack file (each when inside
 * the context; the folder also when it is not the context itself), compose.env_file when nothing
 * above already excludes it (trial 3, F7: the README promises it never enters the image, and a name
 * such as `config/app.conf` is not a dotenv pattern), then project.ignore, whose `!` lines can
 * re-include anything above (PYENV520 warns for a credential file).
 */
export function dockerignoreLines(parts: DockerignoreParts): string[] {
  const { imported, dockerfile, packagingOutput, instance, composeFile, ownFiles = [], kubernetesDir, stackFile, envFile, projectIgnore } = parts;
  const lines = [...importedSection(imported, dockerfile), ...BASE_IGNORE];
  if (packagingOutput.length) lines.push('# Packaging output: an old wheel in dist/ must not be installed instead of the new one', ...packagingOutput);
  if (instance.length) lines.push("# Flask's instance folder: a developer's config (SECRET_KEY) and database", ...instance);
  if (composeFile) lines.push('# Generated compose file (not needed by the build)', composeFile);
  if (ownFiles.length) lines.push('# The manifest, Dockerfile and .dockerignore: Docker reads the last two for the build, the image needs none', ...ownFiles);
  if (kubernetesDir && kubernetesDir !== '.') lines.push('# Generated Kubernetes manifests and your overlays beside them (not needed by the build)', `${kubernetesDir}/`);
  if (stackFile) lines.push('# Generated Swarm stack file (not needed by the build)', stackFile);
  if (envFile && !dockerignoreMatcher(lines).ignores(envFile)) lines.push('# compose.env_file: Compose reads it when the container starts; it must never be in the image', envFile);
  if (projectIgnore.length > 0) lines.push('# From project.ignore in the manifest', ...projectIgnore);
  return lines;
}
