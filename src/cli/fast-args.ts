import { parseArgs } from 'node:util';
import type { CompileOptions } from './commands/compile.js';

const COMPILE_OPTIONS = {
  check: { type: 'boolean' },
  stdout: { type: 'boolean' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  out: { type: 'string' },
} as const;
const VALIDATE_OPTIONS = { json: { type: 'boolean' } } as const;

/**
 * The fast path of the command line: recognises the everyday `pyenvc compile|validate [manifest..]
 * [--check] [--stdout] [--force] [--json] [--out DIR]` with Node's own argument parser
 * (https://nodejs.org/api/util.html#utilparseargsconfig), so a pre-commit hook does not pay for
 * loading yargs and rendering its help text (yargs caches the help of every command it runs).
 * Returns the options exactly as src/cli/main.ts would pass them to runCompile, or undefined for
 * anything else — help, --version, other commands, negations such as --no-check, `--flag=value`
 * booleans, repeated options, `--`, empty or true/false positionals (which yargs reads as a boolean
 * flag's value) and every mistake — which main.ts (yargs) then handles with its usual messages.
 */
export function parseFastArgs(argv: readonly string[]): CompileOptions | undefined {
  const command = argv[0];
  if (command !== 'compile' && command !== 'validate') return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), options: command === 'compile' ? COMPILE_OPTIONS : VALIDATE_OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch {
    return undefined;
  }
  const names = parsed.tokens.filter((t) => t.kind === 'option').map((t) => (t as { name: string }).name);
  if (new Set(names).size !== names.length) return undefined;
  if (parsed.tokens.some((t) => t.kind === 'option-terminator')) return undefined;
  if (parsed.positionals.some((p) => p === '' || p === 'true' || p === 'false')) return undefined;
  const values = parsed.values as { check?: boolean; stdout?: boolean; force?: boolean; json?: boolean; out?: string };
  const validateOnly = command === 'validate';
  return {
    manifests: parsed.positionals,
    check: validateOnly ? false : values.check ?? false,
    stdout: validateOnly ? false : values.stdout ?? false,
    force: validateOnly ? false : values.force ?? false,
    ...(values.out ? { out: values.out } : {}),
    json: values.json ?? false,
    validateOnly,
  };
}
