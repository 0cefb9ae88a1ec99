import { presetSummaries } from '../../manifest/presets.js';
import { schemaModeline, schemaText, writeSchemaFile } from '../../write/schema-file.js';
import { EXIT } from '../exit-codes.js';

/**
 * `pyenvc schema [--write PATH] [--manifest FILE]`: prints the manifest's JSON Schema, or writes it
 * to PATH and prints the modeline for FILE (default pyenv.yaml), so editors validate and complete the
 * manifest without pyenvc in node_modules (`npx pyenvc` users). Exit 0, or 3 when PATH holds a file
 * that is not an earlier copy of the schema (PYENV508: never overwritten).
 */
export function runSchema(options: { write?: string; manifest: string } = { manifest: 'pyenv.yaml' }): number {
  if (options.write === undefined) {
    process.stdout.write(schemaText());
    return EXIT.ok;
  }
  const result = writeSchemaFile(options.write);
  if (result.kind === 'refused') {
    process.stderr.write(`${options.write}: error PYENV508: not written: ${result.reason}\n  hint: ${result.fix}\n`);
    return EXIT.stale;
  }
  process.stderr.write(`pyenvc schema: ${result.kind} ${options.write}\n`);
  process.stdout.write(`${schemaModeline(options.manifest, options.write)}\n`);
  process.stderr.write(`put that line first in ${options.manifest}; run this command again after upgrading pyenvc\n`);
  return EXIT.ok;
}

/** `pyenvc presets`: lists the bundled presets with their one-line summary. */
export function runPresets(): number {
  for (const p of presetSummaries()) process.stdout.write(`${p.name.padEnd(10)} ${p.summary.replace(/^Preset "[a-z]+":\s*/, '')}\n`);
  return EXIT.ok;
}
