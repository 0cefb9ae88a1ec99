import type { ResolvedPlan } from '../plan/types.js';
import { resolveBase } from './base.js';
import type { PassContext } from './context.js';
import { resolveDependencies } from './dependencies.js';
import { resolveDevcontainer } from './devcontainer.js';
import { resolveEntrypoint } from './entrypoint.js';
import { resolveFinalize } from './finalize.js';
import { checkOutputClashes } from './output-clashes.js';
import { resolvePorts } from './ports.js';
import { resolveShell } from './shell.js';

/**
 * Runs the passes in their one fixed order (architecture rule 1): base → dependencies → shell →
 * ports → entrypoint → finalize → devcontainer (only with `devcontainer: true`). Each returns its own plan section and may read earlier ones.
 * The output-clash check reads the finished sections and only reports.
 */
export function runPasses(ctx: PassContext, manifestFile: string): ResolvedPlan {
  const base = resolveBase(ctx);
  const dependencies = resolveDependencies(ctx, base);
  const shell = resolveShell(ctx, base);
  const ports = resolvePorts(ctx);
  const entrypoint = resolveEntrypoint(ctx, shell, ports);
  const finalize = resolveFinalize(ctx, dependencies, shell, ports, entrypoint);
  const devcontainer = resolveDevcontainer(ctx, { base, dependencies, shell, ports, entrypoint, finalize });
  checkOutputClashes(ctx, manifestFile, dependencies, finalize);
  return { manifest: manifestFile, name: ctx.manifest.name, base, dependencies, shell, ports, entrypoint, finalize, ...(devcontainer ? { devcontainer } : {}), origins: ctx.origins };
}
