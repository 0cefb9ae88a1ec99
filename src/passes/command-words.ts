/**
 * The words of the program a CMD runs: the exec-form array itself, or, for the `/bin/sh -c "exec …"`
 * form a string `run.command` compiles to (entrypoint.ts), the simple command after `exec`, `env` and
 * leading NAME=value assignments, split on blanks. For the checks that read the command (run target,
 * server installed, gunicorn config); a shell string is only split, never evaluated.
 */
export function commandWords(command: readonly string[]): { words: string[]; shell: boolean } {
  if (!(command[0] === '/bin/sh' && command[1] === '-c' && command.length === 3)) return { words: [...command], shell: false };
  const words = command[2]!.trim().split(/\s+/);
  if (words[0] === 'exec') words.shift();
  if (words[0] === 'env') words.shift();
  while (words[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words.shift();
  return { words, shell: true };
}
