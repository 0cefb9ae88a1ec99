import fg from 'fast-glob';
import { existsSync } from 'node:fs';
import { UsageError } from './exit-codes.js';

/**
 * Expands the MANIFEST arguments: plain paths are kept as given (display paths), glob patterns are
 * expanded with fast-glob (sorted, so batch output is stable). No argument means ./pyenv.yaml.
 * Throws UsageError when a plain path does not exist or a pattern matches nothing.
 */
export function expandManifests(args: readonly string[]): string[] {
  const list = args.length ? args : ['pyenv.yaml'];
  const out: string[] = [];
  for (const arg of list) {
    if (fg.isDynamicPattern(arg)) {
      const found = fg.sync(arg, { onlyFiles: true, dot: false, ignore: ['**/node_modules/**'] }).sort();
      if (found.length === 0) throw new UsageError(`no manifest matches "${arg}"`);
      out.push(...found);
    } else {
      if (!existsSync(arg)) throw new UsageError(`${arg}: no such file${args.length ? '' : ' (run `pyenvc init` to create a pyenv.yaml here, or name a manifest)'}`);
      out.push(arg);
    }
  }
  return [...new Set(out)];
}
