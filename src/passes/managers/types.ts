import type { BasePlan, DependenciesPlan, IndexSecretPlan } from '../../plan/types.js';
import type { PassContext } from '../context.js';
import type { LocatedRequirement } from '../../project/locate-requirement.js';

/** What every manager module receives from the dependencies pass. */
export interface ManagerInput {
  ctx: PassContext;
  base: BasePlan;
  /** The build context, normalised and relative to the manifest's folder (`.` by default). */
  context: string;
  /** A manifest-relative path expressed relative to the build context (the builder's /build mirrors the context). */
  inContext(path: string): string;
  /** The credentials secret, already resolved to this manager's form. */
  secret: IndexSecretPlan;
  indexUrl?: string;
  installProject: boolean;
  /** True when the dependencies pass chose this manager by detection (no manager key in the manifest). */
  detected: boolean;
  /** True when detection chose pip because of a pyproject.toml / setup.py without a lockfile or requirements file. */
  detectedPyproject?: boolean;
}

/** What a manager module decides: the builder stage's steps and the environment they produce. */
export type ManagerOutput = Omit<DependenciesPlan, 'manager' | 'chosenBy' | 'secret' | 'indexUrl' | 'installProject' | 'buildPackages'> & {
  /** Normalised (PEP 503) names of the Python distributions required, when known, for hints. */
  names: string[];
  /**
   * The distributions the project itself declares (not their dependencies), each with the file, line
   * and column that declares it when known, for the source-build table (src/passes/source-builds.ts).
   */
  requirements: LocatedRequirement[];
  /** Extra apt packages the builder needs for this manager (e.g. python3-venv on a distribution image). */
  buildPackages?: string[];
};
