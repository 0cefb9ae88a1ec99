import type { DiagnosticInput } from '../diagnostics/diagnostic.js';
import type { Manifest } from './types.js';

/**
 * PYENV235: a project.writable entry must name a folder strictly below project.workdir. `.` (or a
 * path that normalises to it) would make the whole copied project writable by the app, which is what
 * issue 13 item 5 closes; `..` segments would reach folders of the image (the environment, /etc).
 * In: the effective manifest; reports one error per bad entry, pointing at it. Never throws.
 */
export function checkWritable(manifest: Manifest, report: (p: DiagnosticInput) => void): void {
  manifest.project.writable.forEach((entry, i) => {
    const parts = entry.split('/').filter((p) => p !== '' && p !== '.');
    const climbs = parts.includes('..');
    if (!climbs && parts.length > 0) return;
    report({
      code: 'PYENV235',
      message: climbs
        ? `project.writable "${entry}" climbs out of the workdir with "..": only folders below ${manifest.project.workdir} can be made writable`
        : `project.writable "${entry}" is the workdir itself, which holds your code: the app could rewrite it`,
      hint: 'name the folders the app writes, below the workdir, such as data or media/uploads',
      path: ['project', 'writable', i],
    });
  });
}
