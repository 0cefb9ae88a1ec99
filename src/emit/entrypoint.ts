import type { ResolvedPlan } from '../plan/types.js';
import { renderTemplate } from './handlebars.js';
import { withHeader } from './text.js';

/** Always single-quoted, so the command is one word for printf and sh -c whatever it holds. */
const quotedWord = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

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
    // run.startup, each a single-quoted shell word: logged, run by /bin/sh -c, and stopping the
    // container with its own exit status when it fails (issue 11 item 4).
    startup: plan.entrypoint.startup.map(quotedWord),
  });
  return withHeader(body, plan.manifest, '#', '#!/bin/sh');
}
