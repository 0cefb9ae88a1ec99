import { CREDENTIAL_EXCEPTIONS, CREDENTIAL_FILES } from '../catalog/credentials.js';
import { dockerignoreMatcher } from '../manifest/dockerignore-matcher.js';

/**
 * The .dockerignore baseline (case C29): VCS folders, virtual environments, bytecode and tool caches
 * at any depth (`**` as Docker's matcher reads it: https://docs.docker.com/build/concepts/context/#dockerignore-files),
 * notebook checkpoints, editor folders (.devcontainer/ is read by the Dev Containers tools on the
 * host, .pyenvc/ holds the schema editors read: neither is needed by the image), credential files at any depth (src/catalog/credentials.ts: dotenv files, keys,
 * pip.conf, .netrc, .pypirc, .condarc, Poetry's auth.toml, .ssh, .aws, Docker and kube configs), the
 * generated compose file. The manifest's project.ignore lines follow, in their order.
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
  '# Secrets and credential files, at any depth: never sent to the builder',
  ...CREDENTIAL_FILES.map((c) => c.pattern),
  ...CREDENTIAL_EXCEPTIONS,
];

/**
 * The generated file's lines: baseline, the packaging output folders (packaging-output.ts; after the
 * credential exceptions, so a `!` line cannot bring a file back from them), the compose file and the
 * Kubernetes folder, the Swarm stack file (each when inside the context; the folder also when it is
 * not the context itself), compose.env_file when the baseline does not already exclude it (trial 3,
 * F7: the README promises it never enters the image, and a name such as `config/app.conf` is not a
 * dotenv pattern), then project.ignore.
 */
export function dockerignoreLines(projectIgnore: readonly string[], composeFile: string | undefined, packagingOutput: readonly string[] = [], kubernetesDir?: string, stackFile?: string, envFile?: string): string[] {
  const lines = [...BASE_IGNORE];
  if (packagingOutput.length) lines.push('# Packaging output: an old wheel in dist/ must not be installed instead of the new one', ...packagingOutput);
  if (composeFile) lines.push('# Generated compose file (not needed by the build)', composeFile);
  if (kubernetesDir && kubernetesDir !== '.') lines.push('# Generated Kubernetes manifests and your overlays beside them (not needed by the build)', `${kubernetesDir}/`);
  if (stackFile) lines.push('# Generated Swarm stack file (not needed by the build)', stackFile);
  if (envFile && !dockerignoreMatcher(lines).ignores(envFile)) lines.push('# compose.env_file: Compose reads it when the container starts; it must never be in the image', envFile);
  if (projectIgnore.length > 0) lines.push('# From project.ignore in the manifest', ...projectIgnore);
  return lines;
}
