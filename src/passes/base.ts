import { END_OF_LIFE_PYTHON, officialPythonImage } from '../catalog/images.js';
import type { BasePlan } from '../plan/types.js';
import { isUserSet, type PassContext } from './context.js';

/**
 * Resolves the FROM lines. Both stages use the same image, because the virtual environment built in
 * the builder links to that image's interpreter and is copied to the identical path in the runtime
 * stage. `base.digest` pins both (https://docs.docker.com/reference/dockerfile/#from).
 */
export function resolveBase(ctx: PassContext): BasePlan {
  const { base, python } = ctx.manifest;
  const pythonVersion = python.version;
  const minor = pythonVersion.split('.').slice(0, 2).join('.');
  if (END_OF_LIFE_PYTHON.includes(minor)) {
    ctx.report({ code: 'PYENV306', severity: 'warning', message: `Python ${minor} is past end of life and gets no security fixes`, hint: 'move to a supported Python (3.10 or newer) when you can', path: ['python', 'version'] });
  }
  let image = base.image ?? officialPythonImage(pythonVersion, base.variant);
  if (base.image && isUserSet(ctx, 'python.version') && /^python:/.test(base.image) && !base.image.startsWith(`python:${pythonVersion}`)) {
    ctx.report({ code: 'PYENV310', message: `base.image "${base.image}" does not match python.version "${pythonVersion}"`, hint: `use python:${pythonVersion}-slim, or remove one of the two`, path: ['base', 'image'] });
  }
  if (base.digest) image = `${image.replace(/@sha256:[a-f0-9]+$/, '')}@${base.digest}`;
  const family = /alpine/.test(image) ? 'alpine' : 'debian';
  const plan: BasePlan = { builderImage: image, runtimeImage: image, family, pythonVersion, distroPython: !/^(docker\.io\/(library\/)?)?python:/.test(image) };
  if (base.platform) plan.platform = base.platform;
  return plan;
}
