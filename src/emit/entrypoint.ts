import type { ResolvedPlan } from '../plan/types.js';
import { renderTemplate } from './handlebars.js';
import { withHeader } from './text.js';

/**
 * Renders docker-entrypoint.sh: POSIX sh with `set -eu`, `*_FILE` secrets read, writable HOME
 * folders (a conda environment's activate.d hooks are sourced before it, by the activation wrapper
 * in front of it in ENTRYPOINT: C02), Jupyter authentication prepared
 * without printing a secret, and a final `exec "$@"` with nothing after it (cases C05, C15). Written with mode 0755 and LF endings.
 */
export function renderEntrypoint(plan: ResolvedPlan): string {
  const jupyter = plan.entrypoint.jupyter ?? false;
  const body = renderTemplate('docker-entrypoint.sh', {
    jupyter,
    tokenMode: jupyter && jupyter.auth === 'token',
    passwordMode: jupyter && jupyter.auth === 'password',
    noneMode: jupyter && jupyter.auth === 'none',
    // Token mode needs no settings: every Jupyter generation reads JUPYTER_TOKEN itself.
    // The *_FILE variable the auth log line names as the credential's source (read before the secrets loop unsets it).
    credentialFile: jupyter && jupyter.auth === 'token' ? 'JUPYTER_TOKEN_FILE' : jupyter && jupyter.auth === 'password' ? 'JUPYTER_PASSWORD_FILE' : '',
    writesConfig: jupyter && jupyter.auth !== 'token',
    // Only classic Notebook (< 7) uses NotebookApp; with `lab` it cannot be installed as the server (case C06).
    classicPossible: jupyter && jupyter.interface === 'notebook',
  });
  return withHeader(body, plan.manifest, '#', '#!/bin/sh');
}
