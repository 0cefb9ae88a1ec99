import { CREDENTIAL_FILES } from '../catalog/credentials.js';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import { dockerignoreMatcher } from '../manifest/dockerignore-matcher.js';
import { BASE_IGNORE } from './dockerignore-lines.js';

/**
 * Warns (PYENV520) for each `!` line of project.ignore that brings a credential file back into the build
 * context, where `COPY . ./` would put it in a layer of the image (issue 13, item 2). Decided with
 * Docker's matching rules on one example path per credential pattern: a path the baseline excludes and
 * the baseline plus project.ignore up to that line no longer excludes was re-included by that line.
 * compose.env_file (context-relative, when inside the context) counts as one more credential file.
 */
export function checkSecretReincludes(projectIgnore: readonly string[], report: (p: DiagnosticInput) => void, envFile?: string): void {
  // compose.env_file holds the app's settings (SECRET_KEY...): the same rule applies to it (trial 3, F7).
  const examples = [...CREDENTIAL_FILES, ...(envFile ? [{ pattern: envFile, example: envFile, what: 'compose.env_file' }] : [])];
  const baseline = [...BASE_IGNORE, ...(envFile ? [envFile] : [])];
  const base = dockerignoreMatcher(baseline);
  let before = base;
  projectIgnore.forEach((line, index) => {
    const after = dockerignoreMatcher([...baseline, ...projectIgnore.slice(0, index + 1)]);
    if (line.startsWith('!')) {
      const back = examples.filter((c) => base.ignores(c.example) && before.ignores(c.example) && !after.ignores(c.example));
      if (back.length) {
        report({
          code: 'PYENV520',
          severity: 'warning',
          message: `project.ignore "${line}" brings credential files back into the build context, so \`COPY . ./\` puts them in the image: ${back.map((c) => `${c.example} (${c.what})`).join(', ')}`,
          hint: 'pass credentials at build time as a BuildKit secret (dependencies.index.secret) and at run time through compose secrets or env_file, and narrow or remove the ! line',
          path: ['project', 'ignore', index],
        });
      }
    }
    before = after;
  });
}
