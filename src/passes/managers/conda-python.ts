import { isUserSet, type PassContext } from '../context.js';
import { versionsAgree, type FilePosition } from '../../project/conda-environment.js';
import { findCondaLock } from './conda-lock.js';

/**
 * The Python of a conda project: its lockfile's python when a conda-lock file is present, else the
 * environment file's pin. A python.version the user wrote must agree with it (PYENV311, reported at
 * python.version with a note at the pin), because the image's Python is whatever the environment
 * installs. `platform` is the Docker platform the image is built for (resolveCondaPlatform). Problems reading the file itself are the dependencies pass's to report.
 */
export function resolveCondaPython(ctx: PassContext, file: string, platform: string | undefined): { version?: string; at?: FilePosition } {
  const environment = ctx.project.condaEnvironment(file)?.environment;
  if (!environment) return {};
  const lock = findCondaLock(file, platform, ctx.readFile);
  const pin = environment.python;
  const version = lock?.python ?? pin?.version;
  const at = pin?.entry.at;
  const written = isUserSet(ctx, 'python.version') ? ctx.manifest.python.version : undefined;
  if (written && (!version || !versionsAgree(written, version))) {
    ctx.report({
      code: 'PYENV311',
      message: version
        ? `python.version is "${written}", but ${lock?.python ? lock.path : file} installs Python ${version}`
        : `python.version is "${written}", but ${file} does not pin python, so the solver picks the version`,
      hint: version ? `change one of the two so they agree, or remove python.version: for conda, ${file} decides` : `add \`- python=${written}\` to the dependencies of ${file}, or remove python.version`,
      path: ['python', 'version'],
    });
    if (at) ctx.report({ code: 'PYENV311', severity: 'note', message: `the python pin of ${file} is here: ${pin!.entry.text}`, hint: `for conda projects the environment file decides the Python version`, at });
  } else if (!written && !version) {
    ctx.report({
      code: 'PYENV315',
      severity: 'warning',
      message: pin ? `${file} gives python as "${pin.entry.text}", a range: the Python version can change from build to build` : `${file} does not pin python: the solver picks the version, which can change from build to build`,
      hint: 'pin the release line, for example `- python=3.12`',
      at: at ?? { file, line: 1, column: 1 },
    });
  }
  return { ...(version ? { version } : {}), ...(at ? { at } : {}) };
}
