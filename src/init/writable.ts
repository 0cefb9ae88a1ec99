import { flaskInstanceUse, sqliteUses } from '../project/app-writes.js';
import type { DjangoSettings } from '../project/django-settings.js';
import { moduleOf, pythonFiles } from '../project/entry-points.js';
import type { ProjectFacts } from '../project/read-project.js';

/** A folder init proposes for project.writable, and why. */
export interface WritableProposal {
  folder: string;
  because: string;
}

/** What project.writable accepts (schema pattern; PYENV235: below the workdir, no `..`). */
const WRITABLE_PATH = /^[A-Za-z0-9._@-][A-Za-z0-9._@/-]*$/;

/**
 * The folders below the code that the app writes, for init to propose as project.writable (the third
 * stranger trial, F2), and to-dos for the writes it cannot make writable. The workdir root itself
 * never: making it writable would make the code writable (PYENV235), so a database file there gets a
 * to-do to move it into a folder of its own. A folder that holds Python files of the project is code,
 * not data: a to-do too. Rules:
 * - Flask: the instance folder (`instance/` beside the top-level package, `src/instance/` in a src
 *   layout: Flask's auto_find_instance_path) when a module uses it (flaskInstanceUse); a relative
 *   SQLite URL with Flask-SQLAlchemy 3.0 or later, which opens it in the instance folder and creates
 *   that folder (CHANGES.rst 3.0.0, issue 462); another SQLite file's folder when the text says it.
 * - Django: MEDIA_ROOT's folder (uploads), and the folder of the default SQLite database.
 */
export function proposeWritable(
  project: ProjectFacts,
  files: readonly string[],
  input: { preset: string; django?: DjangoSettings; flaskSqlalchemy?: { specifier: string } },
): { writable: WritableProposal[]; notes: string[] } {
  const writable: WritableProposal[] = [];
  const notes: string[] = [];
  const where = (at: { file: string; line: number }) => `${at.file}:${at.line}`;
  const code = (folder: string) => files.some((f) => f.endsWith('.py') && f.startsWith(`${folder}/`));
  const propose = (folder: string, because: string, what: string) => {
    if (folder === '') {
      notes.push(`${what} is in the workdir root, which the app user cannot write (your code is root's and read-only to it, and a writable root would make the code writable): move it into a folder of its own, e.g. data/, and add \`project: { writable: [data] }\``);
    } else if (!WRITABLE_PATH.test(folder) || folder.split('/').includes('..') || code(folder)) {
      notes.push(`${what} is in ${folder}/, which holds code or is not a folder name project.writable takes: give the app a folder of its own for it and add that folder to project.writable`);
    } else if (!writable.some((w) => w.folder === folder || folder.startsWith(`${w.folder}/`))) {
      writable.push({ folder, because });
    }
  };

  if (input.preset === 'flask') {
    let instance: string | undefined;
    for (const file of pythonFiles(project)) {
      const use = flaskInstanceUse(project.read(file) ?? '', file);
      if (!use) continue;
      instance = moduleOf(file).srcRoot ? `${moduleOf(file).srcRoot}/instance` : 'instance';
      propose(instance, `${where(use.at)} uses Flask's instance folder (${use.how}), which Flask creates and writes`, 'the instance folder');
      break;
    }
    const fsa3 = input.flaskSqlalchemy && !/^(==|===|~=|<=?)\s*[0-2](\.|$)|(^|,)<\s*3(\.0)*($|,)/.test(input.flaskSqlalchemy.specifier);
    for (const file of pythonFiles(project)) {
      for (const use of sqliteUses(project.read(file) ?? '', file)) {
        const what = `the SQLite database ${use.url} (${where(use.at)})`;
        if (use.relative !== undefined && fsa3) {
          propose(instance ?? 'instance', `${where(use.at)} opens ${use.url}, which Flask-SQLAlchemy 3 puts in the instance folder and creates`, what);
        } else if (use.relative !== undefined && input.flaskSqlalchemy) {
          notes.push(`${what}: Flask-SQLAlchemy 2 opens a relative path in the application's package folder, which is code and read-only to the app user: use an absolute path in a project.writable folder, or Flask-SQLAlchemy 3 (the instance folder)`);
        } else if (use.relative !== undefined) {
          propose(use.relative.includes('/') ? use.relative.slice(0, use.relative.lastIndexOf('/')) : '', `${where(use.at)} opens ${use.url} relative to the working directory`, what);
        } else if (use.folder !== undefined) {
          propose(use.folder, `${where(use.at)} opens ${use.url}`, what);
        }
      }
    }
  }

  const django = input.django;
  if (input.preset === 'django' && django) {
    const media = django.mediaRoot;
    if (media?.folder !== undefined) propose(media.folder, `MEDIA_ROOT (${where(media.at)}): uploaded files are written there`, `MEDIA_ROOT (${where(media.at)})`);
    else if (media && !media.absolute?.startsWith('/tmp')) notes.push(`MEDIA_ROOT (${where(media.at)}) is ${media.absolute ? `${media.absolute}, outside the workdir` : 'computed in a way init cannot follow'}: uploads need a folder the app user can write; put it below the workdir and add it to project.writable`);
    const db = django.sqlite;
    const file = `the default SQLite database${db?.path ? ` ${db.path}` : ''}`;
    if (db?.folder !== undefined) propose(db.folder, `${file} (${where(db.at)}) is written there`, `${file} (${where(db.at)})`);
  }
  return { writable, notes };
}
