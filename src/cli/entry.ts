#!/usr/bin/env node
import { runCompile } from './commands/compile.js';
import { EXIT, UsageError, WriteError } from './exit-codes.js';
import { parseFastArgs } from './fast-args.js';

/**
 * The start-up entry of the bundled CLI (dist/pyenvc.cjs, built by scripts/bundle-cli.mjs): runs the
 * everyday compile/validate command lines directly (see parseFastArgs) and loads the yargs command
 * line (main.ts) only for everything else, so the common case starts fast (issue 7). Exit codes,
 * messages and the closed-pipe handling are the same as main.ts's (test/fast-entry.test.ts).
 */
const fast = parseFastArgs(process.argv.slice(2));
if (fast) {
  // A closed pipe (`pyenvc compile --stdout | head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    process.exitCode = runCompile(fast);
  } catch (error: unknown) {
    if (error instanceof WriteError) {
      process.stderr.write(`pyenvc: ${error.message}\n`);
      process.exitCode = EXIT.writeFailed;
    } else if (error instanceof UsageError) {
      process.stderr.write(`pyenvc: ${error.message}\n  hint: run \`pyenvc --help\`\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`pyenvc: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.internal;
    }
  }
} else {
  void import('./main.js');
}
