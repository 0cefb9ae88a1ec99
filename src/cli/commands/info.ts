import { presetSummaries } from '../../manifest/presets.js';
import { SCHEMA } from '../../generated/assets.js';

/** `pyenvc schema`: prints the manifest's JSON Schema (for editors and CI). */
export function runSchema(): number {
  process.stdout.write(`${JSON.stringify(SCHEMA, null, 2)}\n`);
  return 0;
}

/** `pyenvc presets`: lists the bundled presets with their one-line summary. */
export function runPresets(): number {
  for (const p of presetSummaries()) process.stdout.write(`${p.name.padEnd(10)} ${p.summary.replace(/^Preset "[a-z]+":\s*/, '')}\n`);
  return 0;
}
