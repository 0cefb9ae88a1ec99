import { END_OF_LIFE_PYTHON, officialPythonImage, RUNTIME_FOR_CONDA, TOOLS } from '../catalog/images.js';
import { normalizeRelative } from '../manifest/paths.js';
import type { BasePlan } from '../plan/types.js';
import { isUserSet, type PassContext } from './context.js';
import { pinImage } from './image-digests.js';
import { resolveCondaPlatform } from './managers/conda-platform.js';
import { resolveCondaPython } from './managers/conda-python.js';
import { selectManager } from './managers/select.js';
import { resolvePythonVersion } from './python-version.js';

/**
 * Resolves the FROM lines. Both stages use the same image, because the virtual environment built in
 * the builder links to that image's interpreter and is copied to the identical path in the runtime
 * stage. `base.digest` pins both (https://docs.docker.com/reference/dockerfile/#from), `base.digests`
 * any image by its reference (image-digests.ts). A conda project
 * builds in micromamba's image and runs on Debian slim of the same release: the environment brings
 * its own Python, whose version the environment file decides.
 */
export function resolveBase(ctx: PassContext): BasePlan {
  const { base } = ctx.manifest;
  const choice = selectManager(ctx.manifest, ctx.readFile);
  if (choice.manager === 'conda') return resolveCondaBase(ctx, normalizeRelative(choice.condaFile!) ?? choice.condaFile!);
  const pythonVersion = resolvePythonVersion(ctx, choice.manager, ctx.manifest.project.install || choice.pyproject === true || ctx.manifest.dependencies.pip?.pyproject === true);
  warnEndOfLife(ctx, pythonVersion, { path: ['python', 'version'] });
  let image = base.image ?? officialPythonImage(pythonVersion, base.variant);
  if (base.image && isUserSet(ctx, 'python.version') && /^python:/.test(base.image) && !base.image.startsWith(`python:${pythonVersion}`)) {
    ctx.report({ code: 'PYENV310', message: `base.image "${base.image}" does not match python.version "${pythonVersion}"`, hint: `use python:${pythonVersion}-slim, or remove one of the two`, path: ['base', 'image'] });
  }
  if (base.digest) image = `${image.replace(/@sha256:[a-f0-9]+$/, '')}@${base.digest}`;
  const family = /alpine/.test(image) ? 'alpine' : 'debian';
  image = pinImage(ctx, image);
  const plan: BasePlan = { builderImage: image, runtimeImage: image, family, pythonVersion, distroPython: !/^(docker\.io\/(library\/)?)?python:/.test(image) };
  if (base.platform) plan.platform = base.platform;
  return plan;
}

function resolveCondaBase(ctx: PassContext, file: string): BasePlan {
  const { base } = ctx.manifest;
  const platform = resolveCondaPlatform(ctx, file);
  const found = resolveCondaPython(ctx, file, platform);
  if (found.version) warnEndOfLife(ctx, found.version, found.at ? { at: found.at } : { path: ['dependencies'] });
  if (isUserSet(ctx, 'base.variant')) {
    ctx.report({ code: 'PYENV316', severity: 'warning', message: 'base.variant chooses a python image, and a conda project does not use one: the environment brings its own Python', hint: `remove base.variant; the runtime stage is ${RUNTIME_FOR_CONDA} (base.image overrides it)`, path: ['base', 'variant'] });
  }
  let runtime = base.image ?? RUNTIME_FOR_CONDA;
  if (/alpine/.test(runtime)) {
    ctx.report({ code: 'PYENV316', message: `base.image "${runtime}" is musl-based, and conda packages need glibc`, hint: `use a Debian or Ubuntu image, or remove base.image to get ${RUNTIME_FOR_CONDA}`, path: ['base', 'image'] });
  }
  if (base.digest) runtime = `${runtime.replace(/@sha256:[a-f0-9]+$/, '')}@${base.digest}`;
  const plan: BasePlan = { builderImage: pinImage(ctx, TOOLS.micromambaImage), runtimeImage: pinImage(ctx, runtime), family: 'debian', distroPython: false };
  if (found.version) plan.pythonVersion = found.version;
  if (platform) plan.platform = platform;
  return plan;
}

/** Python releases past end of life get a warning, never a refusal (https://devguide.python.org/versions/). */
function warnEndOfLife(ctx: PassContext, version: string, where: { path: (string | number)[] } | { at: { file: string; line: number; column: number } }): void {
  const minor = version.split('.').slice(0, 2).join('.');
  if (END_OF_LIFE_PYTHON.includes(minor)) {
    ctx.report({ code: 'PYENV306', severity: 'warning', message: `Python ${minor} is past end of life and gets no security fixes`, hint: 'move to a supported Python (3.11 or newer) when you can', ...where });
  }
}
