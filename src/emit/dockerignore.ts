import type { ResolvedPlan } from '../plan/types.js';
import { withHeader } from './text.js';

/** Renders .dockerignore from the plan's lines (already checked against what the Dockerfile copies). */
export function renderDockerignore(plan: ResolvedPlan): string {
  return withHeader(plan.finalize.ignore.join('\n'), plan.manifest);
}
