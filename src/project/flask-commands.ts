import type { ProjectFacts } from './read-project.js';
import { pythonFiles } from './entry-points.js';

/** A `flask <name>` command the project defines, and where its decorator is. */
export interface FlaskCommand {
  /** The command name `flask` runs (`init-db`). */
  name: string;
  /** The file and 1-based line of the decorator. */
  file: string;
  line: number;
}

/**
 * Command names that set a database up: init-db, initdb, create-db, create-tables, db-init, … (the
 * Flask tutorial's `init-db`, https://flask.palletsprojects.com/en/stable/tutorial/database/).
 */
const DATABASE_SETUP = /^(?:(?:init|initiali[sz]e|create|setup|reset)-?(?:db|database|tables)|db-?(?:init|create))$/;

/** A click command decorator: `@click.command(...)`, `@app.cli.command(...)`, `@bp.cli.command(...)`, `@cli.command(...)`. */
const DECORATOR = /^\s*@(click|[\w.]*\bcli)\.command\(\s*(?:name\s*=\s*)?(?:(["'])([^"'\n]+)\2)?/;

/**
 * The name click gives a command without an explicit one: the function name lower-cased, `_` → `-`,
 * without a `_command`, `_cmd`, `_group` or `_grp` suffix (click.decorators.command, Click 8.2+).
 */
export function clickCommandName(functionName: string): string {
  return functionName.toLowerCase().replace(/_(command|cmd|group|grp)$/, '').replace(/_/g, '-');
}

/**
 * The first Flask CLI command among the project's Python files (src/project/entry-points.ts
 * pythonFiles: no tests, migrations or scripts) whose name says it sets a database up. Read as text,
 * nothing is imported. A `@click.command` counts only when some file registers it with
 * `cli.add_command(<function>)`, which is how `flask` finds it
 * (https://flask.palletsprojects.com/en/stable/cli/#custom-commands); `@app.cli.command` and
 * `@<blueprint>.cli.command` register themselves. Returns undefined when there is none.
 */
export function findDatabaseSetupCommand(project: ProjectFacts): FlaskCommand | undefined {
  const files = pythonFiles(project);
  const texts = new Map(files.map((f) => [f, project.read(f) ?? ''] as const));
  const registered = (fn: string) => [...texts.values()].some((t) => new RegExp(`\\bcli\\.add_command\\(\\s*(?:[\\w.]+\\.)?${fn}\\b`).test(t));
  for (const file of files) {
    const lines = texts.get(file)!.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = DECORATOR.exec(lines[i]!);
      if (!m) continue;
      const def = lines.slice(i + 1, i + 12).map((l) => /^\s*(?:async\s+)?def\s+(\w+)\s*\(/.exec(l)).find(Boolean);
      if (!def) continue;
      const name = m[3] ?? clickCommandName(def[1]!);
      if (!DATABASE_SETUP.test(name.toLowerCase().replace(/_/g, '-'))) continue;
      if (m[1] === 'click' && !registered(def[1]!)) continue;
      return { name, file, line: i + 1 };
    }
  }
  return undefined;
}
