import { posix } from 'node:path';
import { TOOLS, VENV_PATH } from '../../catalog/images.js';
import { declaredRequirements } from './declared.js';
import { IMAGE_PYTHON } from '../../catalog/python-images.js';
import type { BuildStep, RunMount } from '../../plan/types.js';
import type { PyprojectFacts } from '../../project/pyproject.js';
import type { EnclosingUvWorkspace } from '../../project/uv-workspace-root.js';
import { requireProjectFiles } from './lockfiles.js';
import type { ManagerInput, ManagerOutput } from './types.js';
import { checkUvIndex } from './uv-index.js';
import { isWorkspaceMember, resolveUvLayout, type UvLayout } from './uv-workspace.js';
import { createVenv, venvRuntimeEnv, withSecret } from './venv.js';

const UV_CACHE: RunMount = { type: 'cache', target: '/root/.cache/uv' };

/**
 * uv with pyproject.toml + uv.lock, following uv's Docker guide
 * (https://docs.astral.sh/uv/guides/integration/docker/): the pinned binary copied from uv's image;
 * the environment at /opt/venv (UV_PROJECT_ENVIRONMENT), outside the workdir so a bind mount cannot
 * hide it (C25); the image's own interpreter (UV_PYTHON names it, UV_PYTHON_DOWNLOADS=0 forbids others); bytecode compiled at build time;
 * copies instead of links from the cache mount. `--locked` fails the build when uv.lock is stale. The
 * dependencies install first without the project, so a code change keeps that layer; the project
 * follows non-editable. Nothing at runtime calls `uv run`, which could re-sync.
 *
 * Workspaces and path sources follow the guide's "Intermediate layers in workspaces"
 * (astral-sh/uv `docs/guides/integration/docker.md`): the first sync runs `--frozen` (uv cannot check
 * the lock without every member's code) with `--no-install-workspace`, or `--no-install-local` when
 * path sources outside the workspace exist too (uv 0.8.14, PR #15328: it "skips the current project,
 * workspace members, and any other local (path or editable) packages"); after the copy, the second
 * sync runs `--locked`, which validates the lock for all members. Members' pyproject.toml files are
 * copied before the first sync, so uv finds the members (`--package`) without their code (issue
 * #6867, PR #21332). The local code is installed `--no-editable`: an editable install would point
 * into the builder's /build, which the runtime stage does not have.
 */
export function resolveUv(input: ManagerInput): ManagerOutput {
  const { ctx, context } = input;
  const uv = ctx.manifest.dependencies.uv ?? { groups: [], extras: [] };
  const at = (name: string) => (context === '.' ? name : posix.join(context, name));
  const root = ctx.project.pyprojectAt(at('pyproject.toml'));
  const lockText = ctx.readFile(at('uv.lock'));
  const enclosing = context === '.' ? ctx.project.enclosingUvWorkspace : undefined;
  if (lockText === undefined && ctx.readFile(at('pyproject.toml')) !== undefined && (isWorkspaceMember(root) || enclosing)) return memberWithoutLock(input, root, enclosing);
  const files = requireProjectFiles(input, 'uv', ['pyproject.toml', 'uv.lock']);
  const lock = ctx.project.uvLock(at('uv.lock'));
  const layout: UvLayout = lock ? resolveUvLayout(input, lock, root) : { memberFiles: [], packageArgs: [], members: [] };
  if (lock) {
    const members = layout.memberFiles.map((f) => ctx.project.pyprojectAt(f)).filter((p): p is PyprojectFacts => p !== undefined);
    checkUvIndex(ctx, input.indexUrl, lock, [...(root ? [root] : []), ...members], at('uv.lock'));
  }
  // Only the groups the manifest names: the default `dev` group stays out of the image.
  const selection = ['--no-default-groups', ...uv.groups.flatMap((g) => ['--group', g]), ...uv.extras.flatMap((e) => ['--extra', e]), ...layout.packageArgs];
  const sync = (mode: '--locked' | '--frozen', extra: string[]): BuildStep => withSecret({ mounts: [UV_CACHE], commands: [{ argv: ['uv', 'sync', mode, ...selection, ...extra] }] }, input.secret);
  const builderEnv: [string, string][] = [
    ['UV_COMPILE_BYTECODE', '1'],
    ['UV_LINK_MODE', 'copy'],
    ['UV_PYTHON_DOWNLOADS', '0'],
    ['UV_PROJECT_ENVIRONMENT', VENV_PATH],
    // Both syncs use the image's interpreter, whatever .python-version asks for (see IMAGE_PYTHON).
    ['UV_PYTHON', input.base.distroPython ? IMAGE_PYTHON.distribution : IMAGE_PYTHON.official],
  ];
  if (input.indexUrl) builderEnv.push(['UV_DEFAULT_INDEX', input.indexUrl]);
  const local = layout.skipLocal !== undefined;
  return {
    files: [...files, ...layout.memberFiles.map(input.inContext)].sort(),
    lockfile: files.find((f) => f.endsWith('uv.lock')),
    environment: VENV_PATH,
    builderEnv,
    toolCopies: [{ image: TOOLS.uvImage, sources: ['/uv'], target: '/usr/local/bin/uv' }],
    setup: [createVenv()],
    builderPathEnv: venvRuntimeEnv(),
    install: [local ? sync('--frozen', [layout.skipLocal!]) : sync('--locked', ['--no-install-project'])],
    projectDir: '/build',
    // Members and path sources are part of what the app imports, so they are installed even when
    // project.install is false; only the project itself (the --package member) is then left out
    // (`--no-install-project` applies to the sync target: crates/uv-configuration/src/install_options.rs).
    project: local ? [sync('--locked', ['--no-editable', ...(input.installProject ? [] : ['--no-install-project'])])] : input.installProject ? [sync('--locked', ['--no-editable'])] : [],
    runtimeEnv: venvRuntimeEnv(),
    activationHooks: false,
    names: [],
    ...(layout.packageRoot ? { projectRoot: layout.packageRoot } : {}),
    requirements: declaredRequirements(input, 'uv'),
  };
}

/**
 * PYENV338: a workspace member's own folder has no uv.lock; the lock is at the workspace root, which
 * is above this manifest's folder and so outside any build context it can name. Known from the
 * member's `{ workspace = true }` sources, or from the root above that lists the folder in
 * `[tool.uv.workspace] members` (the CLI looks: trial 3, F5, where backend/pyproject.toml has no such
 * source and the fix used to read "run `uv lock` in the project folder").
 */
function memberWithoutLock(input: ManagerInput, pyproject: PyprojectFacts | undefined, enclosing: EnclosingUvWorkspace | undefined): ManagerOutput {
  const sources = (pyproject?.uvLocalSources ?? []).filter((s) => s.workspace).map((s) => s.name);
  const name = pyproject?.name ?? 'NAME';
  const why = enclosing
    ? `this folder is the member ${enclosing.member} of the uv workspace at ${enclosing.root} (${enclosing.root}/pyproject.toml [tool.uv.workspace] members ${JSON.stringify(enclosing.members)})`
    : `pyproject.toml takes ${sources.join(', ')} from the workspace ({ workspace = true }), so this project is a uv workspace member`;
  const lock = enclosing && !enclosing.locked ? `run \`uv lock\` in ${enclosing.root}, then ` : '';
  input.ctx.report({
    code: 'PYENV338',
    message: `${why}: its uv.lock is at the workspace root, outside this manifest's folder and its build context`,
    hint: `${lock}write the manifest at the workspace root${enclosing ? ` (\`npx pyenvc init ${enclosing.root}\` writes one)` : ''}, for example pyenv.${normalizeFileName(name)}.yaml with \`dependencies: { uv: { package: ${name} } }\` and its own output names, so the build context holds uv.lock and every member`,
    path: input.detected ? [] : ['dependencies', 'uv'],
    key: true,
  });
  return { files: [], environment: VENV_PATH, builderEnv: [], toolCopies: [], setup: [], builderPathEnv: [], install: [], projectDir: '/build', project: [], runtimeEnv: venvRuntimeEnv(), activationHooks: false, names: [], requirements: [] };
}

function normalizeFileName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}
