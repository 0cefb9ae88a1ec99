import { DEFAULT_SECRETS } from '../catalog/images.js';
import { normalizeRelative, relativeToContext } from '../manifest/paths.js';
import type { ManagerName } from '../manifest/types.js';
import type { BasePlan, DependenciesPlan, IndexSecretPlan } from '../plan/types.js';
import type { PassContext } from './context.js';
import { resolveVcsRequirements } from './vcs-requirements.js';
import { checkUnusedDigests, pinImage } from './image-digests.js';
import { resolveConda } from './managers/conda.js';
import { resolvePip } from './managers/pip.js';
import { resolvePipenv } from './managers/pipenv.js';
import { resolvePoetry } from './managers/poetry.js';
import { selectManager } from './managers/select.js';
import type { ManagerInput, ManagerOutput } from './managers/types.js';
import { resolveUv } from './managers/uv.js';
import { resolveSourceBuilds } from './source-builds.js';
import { resolveVersionArg } from './managers/version-arg.js';

export { DETECTION_RULES } from './managers/select.js';

/**
 * Resolves how dependencies are installed into the self-contained environment the runtime stage
 * copies. The manager is a closed union chosen in this one switch (architecture rule 2); each manager
 * module returns the builder's steps. Only dependency files are copied before the install, so a code
 * change keeps it cached (https://docs.docker.com/build/cache/optimize/#order-your-layers).
 */
export function resolveDependencies(ctx: PassContext, base: BasePlan): DependenciesPlan {
  const { dependencies } = ctx.manifest;
  const choice = selectManager(ctx.manifest, ctx.readFile);
  const { manager, chosenBy } = choice;
  if (chosenBy === 'detection') {
    const rule = choice.detectedFile;
    ctx.report({
      code: 'PYENV307',
      severity: 'note',
      message: rule ? `dependencies: found ${rule}, using ${manager}` : 'dependencies: no requirements.txt, lockfile or environment file found; the image gets an empty virtual environment',
      hint: rule ? `write \`dependencies: { ${manager}: ${choice.pyproject ? '{ pyproject: true }' : '{}'} }\` to make the choice explicit` : 'add a requirements.txt, or a dependencies block, when the project needs packages',
      at: { file: '', line: 0, column: 0 },
    });
    ctx.origins['dependencies'] = { kind: 'detection', rule: rule ? `${rule} exists` : 'nothing found' };
  }
  // The builder's WORKDIR mirrors the build context, so paths are written relative to it.
  const context = normalizeRelative(ctx.manifest.project.context) ?? '.';
  const input: ManagerInput = {
    ctx,
    base,
    context,
    inContext: (p) => relativeToContext(p, context) ?? p,
    secret: indexSecret(manager, dependencies.index?.secret),
    ...(dependencies.index?.url ? { indexUrl: dependencies.index.url } : {}),
    installProject: ctx.manifest.project.install,
    detected: chosenBy === 'detection',
    ...(choice.pyproject ? { detectedPyproject: true } : {}),
  };
  let output: ManagerOutput;
  switch (manager) {
    case 'pip':
      output = resolvePip(input);
      break;
    case 'conda':
      output = resolveConda(input, normalizeRelative(choice.condaFile!) ?? choice.condaFile!);
      break;
    case 'poetry':
      output = resolvePoetry(input);
      break;
    case 'uv':
      output = resolveUv(input);
      break;
    case 'pipenv':
      output = resolvePipenv(input);
      break;
  }
  if (base.family === 'alpine') warnAlpine(ctx);
  const vcs = resolveVcsRequirements(ctx, base, manager, output.files.map((f) => (context === '.' ? f : `${context}/${f}`)));
  const sourceBuilds = [...resolveSourceBuilds(ctx, base, output.requirements), ...(vcs ? [vcs] : [])];
  const { names: _names, requirements: _requirements, buildPackages, ...rest } = output;
  const plan: DependenciesPlan = {
    manager,
    chosenBy,
    ...rest,
    secret: input.secret,
    installProject: input.installProject,
    // A distribution image has no venv module until python3-venv is installed (PEP 668 images: case C22).
    buildPackages: [...new Set([...ctx.manifest.system.build_packages, ...(buildPackages ?? []), ...(base.distroPython ? ['python3', 'python3-venv'] : []), ...sourceBuilds.flatMap((s) => s.build)])].sort(),
  };
  if (sourceBuilds.length) plan.sourceBuilds = sourceBuilds;
  if (input.indexUrl) plan.indexUrl = input.indexUrl;
  plan.toolCopies = plan.toolCopies.map((copy) => ({ ...copy, image: pinImage(ctx, copy.image) }));
  checkUnusedDigests(ctx, [base.builderImage, base.runtimeImage, ...plan.toolCopies.map((c) => c.image)]);
  // Every manager that builds the project in the builder needs its version (issue 12 item 7).
  const versionArg = plan.project.length ? resolveVersionArg(ctx, context) : undefined;
  if (versionArg) plan.versionArg = versionArg;
  return plan;
}

/**
 * The credentials secret in the form each tool reads: a pip.conf where pip reads its site-wide file,
 * a .condarc where micromamba reads its system file, and `NAME=value` lines for uv, Poetry and Pipenv,
 * which read credentials from environment variables.
 */
function indexSecret(manager: ManagerName, id: string | undefined): IndexSecretPlan {
  const secretId = id ?? DEFAULT_SECRETS[manager];
  switch (manager) {
    case 'pip':
      return { id: secretId, target: '/etc/pip.conf', format: 'pip.conf' };
    case 'conda':
      return { id: secretId, target: '/etc/conda/.condarc', format: 'condarc' };
    case 'poetry':
    case 'uv':
    case 'pipenv':
      return { id: secretId, target: `/run/secrets/${secretId}`, format: 'env-file' };
  }
}

/** C23: on musl, manylinux wheels do not apply; which declared packages compile there is PYENV326 (source-builds.ts), at each one's line. */
function warnAlpine(ctx: PassContext): void {
  ctx.report({
    code: 'PYENV305',
    severity: 'warning',
    message: 'base.variant alpine: packages without a musl wheel build from source, which is slow and needs compilers',
    hint: 'prefer the default slim variant; if you keep alpine, list compilers and headers (gcc, musl-dev, ...) in system.build_packages',
    path: ['base', 'variant'],
  });
}
