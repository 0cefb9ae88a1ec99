import { SOURCE_BUILD_ON_ALPINE, VENV_PATH, WHEELS_NEEDING_SYSTEM_LIBRARIES } from '../catalog/images.js';
import { normalizeRelative, relativeToContext } from '../manifest/paths.js';
import { MANAGER_NAMES, type ManagerName } from '../manifest/types.js';
import type { BasePlan, DependenciesPlan } from '../plan/types.js';
import type { PassContext } from './context.js';
import { collectRequirements } from './requirements.js';

/** Detection order when `dependencies` names no manager (contract: manifest.md, "dependencies"). */
export const DETECTION_RULES: readonly { file: string; manager: ManagerName }[] = [
  { file: 'uv.lock', manager: 'uv' },
  { file: 'poetry.lock', manager: 'poetry' },
  { file: 'Pipfile.lock', manager: 'pipenv' },
  { file: 'environment.yml', manager: 'conda' },
  { file: 'environment.yaml', manager: 'conda' },
  { file: 'requirements.txt', manager: 'pip' },
];

/** The pip configuration secret id used when the manifest names none: optional at build time. */
export const DEFAULT_INDEX_SECRET = 'pip_conf';

/**
 * Resolves how dependencies are installed into the self-contained environment at /opt/venv.
 * Only pip requirement files are supported in this release; the other managers get PYENV303.
 * The install step copies only dependency files first, so a code change keeps it cached
 * (https://docs.docker.com/build/cache/optimize/#order-your-layers).
 */
export function resolveDependencies(ctx: PassContext, base: BasePlan): DependenciesPlan {
  const { dependencies } = ctx.manifest;
  let manager = MANAGER_NAMES.find((m) => dependencies[m] !== undefined);
  let chosenBy: DependenciesPlan['chosenBy'] = 'manifest';
  let requirementPaths: { path: string; at: (string | number)[] }[] = [];
  if (!manager) {
    chosenBy = 'detection';
    const rule = DETECTION_RULES.find((r) => ctx.readFile(r.file) !== undefined);
    manager = rule?.manager ?? 'pip';
    ctx.report({
      code: 'PYENV307',
      severity: 'note',
      message: rule ? `dependencies: found ${rule.file}, using ${rule.manager}` : 'dependencies: no requirements.txt, lockfile or environment file found; the image gets an empty virtual environment',
      hint: rule ? `write \`dependencies: { ${rule.manager}: {} }\` to make the choice explicit` : 'add a requirements.txt, or a dependencies block, when the project needs packages',
      at: { file: '', line: 0, column: 0 },
    });
    if (rule?.manager === 'pip') requirementPaths = [{ path: 'requirements.txt', at: [] }];
    ctx.origins['dependencies'] = { kind: 'detection', rule: rule ? `${rule.file} exists` : 'nothing found' };
  } else if (manager === 'pip') {
    requirementPaths = dependencies.pip!.requirements.map((r, i) => ({ path: normalizeRelative(r) ?? r, at: ['dependencies', 'pip', 'requirements', i] }));
  }
  if (manager !== 'pip') {
    ctx.report({
      code: 'PYENV303',
      message: `dependencies.${manager} is not supported yet by this pyenvc; only pip requirement files are`,
      hint: manager === 'conda' ? 'for now, export the environment with pip (pip freeze > requirements.txt) and use dependencies.pip' : `for now, export the lockfile to a requirements file (for example \`${manager === 'poetry' ? 'poetry export -f requirements.txt' : manager === 'uv' ? 'uv export --format requirements-txt' : 'pipenv requirements'} > requirements.txt\`) and use dependencies.pip`,
      path: chosenBy === 'manifest' ? ['dependencies', manager] : [],
      key: true,
    });
  }
  const constraints = dependencies.pip?.constraints ? normalizeRelative(dependencies.pip.constraints) : undefined;
  const roots = [...requirementPaths];
  if (constraints) roots.push({ path: constraints, at: ['dependencies', 'pip', 'constraints'] });
  const tree = manager === 'pip' ? collectRequirements(roots, ctx.readFile, ctx.report) : { files: [], names: [] };
  hintSystemLibraries(ctx, tree.names);
  if (base.family === 'alpine') hintAlpine(ctx, tree.names);
  // The builder's WORKDIR mirrors the build context, so paths are written relative to it.
  const context = normalizeRelative(ctx.manifest.project.context) ?? '.';
  const inContext = (p: string) => relativeToContext(p, context) ?? p;
  const installArgs = [
    ...requirementPaths.flatMap((r) => ['-r', inContext(r.path)]),
    ...(constraints ? ['-c', inContext(constraints)] : []),
  ];
  const plan: DependenciesPlan = {
    manager,
    chosenBy,
    files: tree.files.map(inContext),
    installArgs,
    environment: VENV_PATH,
    indexSecret: dependencies.index?.secret ?? DEFAULT_INDEX_SECRET,
    installProject: ctx.manifest.project.install,
    // A distribution image has no venv module until python3-venv is installed (PEP 668 images: case C22).
    buildPackages: [...new Set([...ctx.manifest.system.build_packages, ...(base.distroPython ? ['python3', 'python3-venv'] : [])])].sort(),
  };
  if (dependencies.index?.url) plan.indexUrl = dependencies.index.url;
  return plan;
}

/** C27: a wheel that links against libraries slim images lack, without those libraries listed. */
function hintSystemLibraries(ctx: PassContext, names: string[]): void {
  const runtime = new Set(ctx.manifest.system.packages.map((p) => p.split('=')[0]!));
  for (const name of names) {
    const need = WHEELS_NEEDING_SYSTEM_LIBRARIES[name];
    if (!need || need.packages.every((p) => runtime.has(p))) continue;
    const missing = need.packages.filter((p) => !runtime.has(p));
    const misplaced = missing.filter((p) => ctx.manifest.system.build_packages.some((b) => b.split('=')[0] === p));
    ctx.report({
      code: 'PYENV308',
      severity: 'warning',
      message: `${name} needs the system libraries ${missing.join(', ')} at run time, and system.packages does not list them${misplaced.length ? ` (${misplaced.join(', ')} ${misplaced.length > 1 ? 'are' : 'is'} under system.build_packages, which only the builder stage gets)` : ''}`,
      hint: `add ${missing.join(', ')} to system.packages${need.alternative ? `, or depend on ${need.alternative} instead` : ''}`,
      path: ['system'],
      key: true,
    });
  }
}

/** C23: on musl, manylinux wheels do not apply and these often compile from source. */
function hintAlpine(ctx: PassContext, names: string[]): void {
  const heavy = names.filter((n) => SOURCE_BUILD_ON_ALPINE.includes(n));
  ctx.report({
    code: 'PYENV305',
    severity: 'warning',
    message: heavy.length
      ? `base.variant alpine: ${heavy.join(', ')} may have no musl wheel and build from source (slow, needs compilers)`
      : 'base.variant alpine: packages without a musl wheel build from source, which is slow and needs compilers',
    hint: 'prefer the default slim variant; if you keep alpine, list compilers and headers (gcc, musl-dev, ...) in system.build_packages',
    path: ['base', 'variant'],
  });
}
