import { systemFolderOf } from '../catalog/system-folders.js';
import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { Manifest } from './types.js';

/**
 * PYENV230: project.workdir, jupyter.root_dir and compose volume targets may not be system folders
 * (src/catalog/system-folders.ts). The workdir and root_dir are chowned to the app user, so
 * `workdir: /etc` let the app rewrite /etc/passwd; a volume over /opt/venv or /run/secrets hides the
 * environment or the secrets. Only values the user wrote are checked (the defaults are safe).
 */
export function checkSystemFolders(manifest: Manifest, raw: Record<string, unknown>, report: (p: DiagnosticInput) => void): void {
  const section = (key: string) => (raw[key] ?? {}) as Record<string, unknown>;
  const check = (path: string, at: (string | number)[], role: string, fix: string) => {
    const folder = systemFolderOf(posixNormal(path));
    if (!folder) return;
    report({
      code: 'PYENV230',
      message: `${role} "${path}" is ${folder === posixNormal(path) ? 'the system folder' : 'inside the system folder'} ${folder}: ${role.startsWith('compose') ? 'mounting over it hides what the image needs there' : 'pyenvc would make it owned by the app user, who could then change what the image runs (an app user owning /etc can rewrite /etc/passwd and become root)'}`,
      hint: fix,
      path: at,
    });
  };
  if (typeof section('project').workdir === 'string') check(manifest.project.workdir, ['project', 'workdir'], 'project.workdir', 'use a folder of its own, such as /app or /srv/<name>');
  if (typeof section('jupyter').root_dir === 'string') check(manifest.jupyter.root_dir, ['jupyter', 'root_dir'], 'jupyter.root_dir', 'use a folder under the home folder, such as /home/app/work');
  const volumes = (section('compose').volumes ?? []) as unknown[];
  manifest.compose.volumes.forEach((volume, i) => {
    if (i >= volumes.length) return;
    const target = volume.split(':')[1];
    if (target) check(target, ['compose', 'volumes', i], `compose volume target`, 'mount at a folder of the app, such as the workdir, jupyter.root_dir or a data folder under it');
  });
}

function posixNormal(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
