import type { PassContext } from './context.js';

/**
 * `base.digests`: `image reference → sha256:…` for every image the Dockerfile names, so each FROM
 * and `COPY --from=<image>` can be pinned to content, not only the runtime image (`base.digest`).
 * Docker resolves `name:tag@sha256:…` by the digest alone; the tag stays as a readable label
 * (https://docs.docker.com/reference/dockerfile/#from, "FROM [--platform=<platform>] <image>[@<digest>]";
 * COPY --from accepts the same image reference: https://docs.docker.com/reference/dockerfile/#copy---from).
 * Keys are the references pyenvc writes without a digest (python:3.12-slim,
 * mambaorg/micromamba:2.6.1-debian13-slim, ghcr.io/astral-sh/uv:0.12.5), so a pin cannot silently
 * apply to another image after pyenvc bumps a tool: an unused key is PYENV347 (warning).
 */
export function pinImage(ctx: PassContext, image: string): string {
  const key = stripDigest(image);
  const digest = ctx.manifest.base.digests?.[key];
  if (!digest) return image;
  const already = /@(sha256:[a-f0-9]{64})$/.exec(image)?.[1];
  if (already && already !== digest) {
    ctx.report({ code: 'PYENV348', message: `base.digest and base.digests["${key}"] pin the runtime image to two different digests`, hint: 'keep one of the two', path: ['base', 'digests', key] });
  }
  return `${key}@${digest}`;
}

/**
 * Reports the keys of base.digests that name no image of this Dockerfile (PYENV347, warning, at the
 * key), listing the images that are used. `images` are the references as written (pinned or not).
 */
export function checkUnusedDigests(ctx: PassContext, images: string[]): void {
  const used = [...new Set(images.map(stripDigest))].sort();
  for (const key of Object.keys(ctx.manifest.base.digests ?? {}).sort()) {
    if (used.includes(key)) continue;
    ctx.report({
      code: 'PYENV347',
      severity: 'warning',
      message: `base.digests pins "${key}", which this Dockerfile does not use (it uses ${used.join(', ')})`,
      hint: 'key each digest by an image the Dockerfile names; after a pyenvc upgrade, look the new one up with `docker buildx imagetools inspect <image>`',
      path: ['base', 'digests', key],
      key: true,
    });
  }
}

function stripDigest(image: string): string {
  return image.replace(/@sha256:[a-f0-9]{64}$/, '');
}
