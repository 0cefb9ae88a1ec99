import type { ResolvedPlan } from '../plan/types.js';
import { resolveBase } from './base.js';
import type { PassContext } from './context.js';
import { resolveDependencies } from './dependencies.js';
import { resolveDevcontainer } from './devcontainer.js';
import { resolveEntrypoint } from './entrypoint.js';
import { resolveFinalize } from './finalize.js';
import { checkOutputClashes } from './output-clashes.js';
import { checkRunTarget } from './run-target.js';
import { checkServerInstalled } from './server-installed.js';
import { checkGunicornConfig } from './gunicorn-config.js';
import { checkCollectstatic } from './django-static.js';
import { checkInstanceFolder } from './instance-folder.js';
import { resolveKubernetes } from './kubernetes.js';
import { resolvePorts } from './ports.js';
import { resolveResources } from './resources.js';
import { resolveShell } from './shell.js';
import { resolveSwarm } from './swarm.js';

/**
 * Runs the passes in their one fixed order (architecture rule 1): base → dependencies → shell →
 * ports → entrypoint → finalize → resources → kubernetes → devcontainer → swarm (the last three only when the manifest asks).
 * Each returns its own plan section and may read earlier ones. The run-target, server-installed, collectstatic,
 * instance-folder and output-clash checks read the finished sections and only report.
 */
export function runPasses(ctx: PassContext, manifestFile: string): ResolvedPlan {
  const base = resolveBase(ctx);
  const dependencies = resolveDependencies(ctx, base);
  const shell = resolveShell(ctx, base, dependencies);
  const ports = resolvePorts(ctx);
  const entrypoint = resolveEntrypoint(ctx, shell, ports, dependencies);
  const finalize = resolveFinalize(ctx, dependencies, shell, ports, entrypoint);
  checkRunTarget(ctx, dependencies, entrypoint, finalize);
  checkServerInstalled(ctx, dependencies, entrypoint, base.pythonVersion);
  checkGunicornConfig(ctx, entrypoint);
  checkCollectstatic(ctx);
  checkInstanceFolder(ctx, entrypoint, finalize, dependencies.environment);
  const resources = resolveResources(ctx);
  const kubernetes = resolveKubernetes(ctx, manifestFile, dependencies, shell, ports, entrypoint, finalize);
  const devcontainer = resolveDevcontainer(ctx, { base, dependencies, shell, ports, entrypoint, finalize });
  const swarm = resolveSwarm(ctx, manifestFile, ports, entrypoint, finalize);
  checkOutputClashes(ctx, manifestFile, dependencies, finalize);
  return { manifest: manifestFile, name: ctx.manifest.name, base, dependencies, shell, ports, entrypoint, finalize, ...(resources ? { resources } : {}), ...(kubernetes ? { kubernetes } : {}), ...(devcontainer ? { devcontainer } : {}), ...(swarm ? { swarm } : {}), origins: ctx.origins };
}
