import type { ResolvedPlan } from '../plan/types.js';
import { renderTemplate } from './handlebars.js';
import { withHeader } from './text.js';

/** Always single-quoted, so the command is one word for printf and sh -c whatever it holds. */
const quotedWord = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Renders docker-entrypoint.sh: POSIX sh with `set -eu`; `*_FILE` secrets read, and one that is set
 * but unreadable stops the container naming the file, its mode and owner and the container's uid (exit
 * 64); a writable TMPDIR and cache folders, moved under TMPDIR with a message naming the folder when
 * the file system is read-only; (conda: the activation wrapper in front of it in ENTRYPOINT has sourced the environment's activate.d hooks, C02); for the Jupyter
 * server only (not one-off commands), authentication written to a private config file so neither
 * token nor password stays in the environment; a final `exec "$@"` with nothing after it (cases C05,
 * C15). Written with mode 0755 and LF endings. Exit 64 = a setting that can never work, 73 = no
 * writable folder for Jupyter's runtime files (sysexits.h EX_USAGE/EX_CANTCREAT).
 */
export function renderEntrypoint(plan: ResolvedPlan): string {
  const jupyter = plan.entrypoint.jupyter ?? false;
  const body = renderTemplate('docker-entrypoint.sh', {
    jupyter,
    gid: plan.shell.gid,
    tokenMode: jupyter && jupyter.auth === 'token',
    passwordMode: jupyter && jupyter.auth === 'password',
    noneMode: jupyter && jupyter.auth === 'none',
    // The *_FILE variable the auth log line names as the credential's source (read before the secrets loop unsets it).
    credentialFile: jupyter && jupyter.auth === 'token' ? 'JUPYTER_TOKEN_FILE' : jupyter && jupyter.auth === 'password' ? 'JUPYTER_PASSWORD_FILE' : '',
    // Only classic Notebook (< 7) uses NotebookApp; with `lab` it cannot be installed as the server (case C06).
    classicPossible: jupyter && jupyter.interface === 'notebook',
    // run.startup, each a single-quoted shell word: logged, run by /bin/sh -c, and stopping the
    // container with its own exit status when it fails (issue 11 item 4).
    startup: plan.entrypoint.startup.map(quotedWord),
  });
  return withHeader(body, plan.manifest, '#', '#!/bin/sh');
}
