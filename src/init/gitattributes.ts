/** The .gitattributes line that keeps the entrypoint LF on every checkout (case C13). */
export function gitattributesLine(entrypoint = 'docker-entrypoint.sh'): string {
  return `${entrypoint} text eol=lf`;
}

/**
 * What to do to .gitattributes so a Windows checkout (core.autocrlf) cannot turn the entrypoint
 * into CRLF, which makes the kernel look for `sh\r` ("no such file or directory"):
 * `present` when a line whose pattern matches the script already sets `eol=lf`; otherwise the
 * new text of the file (`create` or `append`). Appending is enough even after a conflicting rule:
 * later lines win in gitattributes (https://git-scm.com/docs/gitattributes#_description). Pure.
 */
export function updateGitattributes(existing: string | undefined, entrypoint = 'docker-entrypoint.sh'): { action: 'present' } | { action: 'create' | 'append'; text: string } {
  const line = gitattributesLine(entrypoint);
  if (existing === undefined) return { action: 'create', text: `${line}\n` };
  const base = entrypoint.slice(entrypoint.lastIndexOf('/') + 1);
  let covered = false;
  for (const raw of existing.split(/\r?\n/)) {
    const [pattern, ...attrs] = raw.trim().split(/\s+/);
    if (!pattern || pattern.startsWith('#')) continue;
    if (![entrypoint, `/${entrypoint}`, `**/${base}`, base, '*.sh', '*'].includes(pattern)) continue;
    if (attrs.includes('eol=lf')) covered = true;
    else if (attrs.some((a) => a === '-text' || a === 'binary' || a.startsWith('eol='))) covered = false;
  }
  if (covered) return { action: 'present' };
  return { action: 'append', text: `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${line}\n` };
}
