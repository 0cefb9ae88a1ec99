import { posix } from 'node:path';
import { SCHEMA } from '../generated/assets.js';
import type { LoadedManifest } from './load.js';
import { locate } from './locate.js';
import { normalizeRelative } from './paths.js';
import { isMapping, mergeLayers, presetLayer } from './presets.js';
import type { Manifest, Origins, PresetName } from './types.js';

interface SchemaNode {
  type?: string | string[];
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
}

/**
 * Builds the effective manifest from three layers — schema defaults < preset < user manifest — and
 * records where every leaf value came from. Expects a manifest that already passed schema validation.
 * Lists are replaced, not concatenated. Defaults are read from the schema's `default` keywords, so
 * schema/pyenv.schema.json stays the one source of truth.
 */
export function normalizeManifest(loaded: LoadedManifest): { manifest: Manifest; origins: Origins } {
  const origins: Origins = {};
  const defaults = schemaDefaults(SCHEMA as SchemaNode, '', origins);
  const presetName = loaded.value.preset as PresetName | undefined;
  let merged = defaults;
  if (presetName) merged = mergeLayers(merged, presetLayer(presetName), (p) => (origins[p] = { kind: 'preset', preset: presetName })) as Record<string, unknown>;
  merged = mergeLayers(merged, loaded.value, (p) => {
    const pos = locate(loaded, p.split('.'));
    origins[p] = { kind: 'manifest', line: pos.line, column: pos.column };
  }) as Record<string, unknown>;
  // A preset's `healthcheck: false` merged under a user mapping leaves the mapping without defaults; refill.
  fillDefaults(merged, SCHEMA as SchemaNode);
  // run.ports has no schema default on purpose: presets set it; without one there is no port.
  const run = merged.run as Record<string, unknown>;
  if (run.ports === undefined) run.ports = [];
  followContext(merged, origins);
  return { manifest: merged as unknown as Manifest, origins };
}

function schemaDefaults(node: SchemaNode, path: string, origins: Origins): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = path ? `${path}.${key}` : key;
    if (child.default !== undefined) {
      out[key] = structuredClone(child.default);
      origins[childPath] = { kind: 'default' };
    } else if (child.properties && !isOptionalBlock(childPath)) {
      out[key] = schemaDefaults(child, childPath, origins);
    }
  }
  return out;
}

/** Blocks that must stay absent unless written: their presence means something (a chosen manager, a healthcheck, resources, Kubernetes or Swarm output). */
function isOptionalBlock(path: string): boolean {
  return path.startsWith('dependencies.') || path === 'run.healthcheck' || path === 'run.resources' || path === 'kubernetes' || path === 'swarm';
}

function fillDefaults(value: Record<string, unknown>, node: SchemaNode): void {
  const properties = node.properties ?? node.oneOf?.find((o) => o.properties)?.properties ?? {};
  for (const [key, child] of Object.entries(properties)) {
    const current = value[key];
    if (current === undefined && child.default !== undefined && !isMapping(child.default)) value[key] = structuredClone(child.default);
    else if (isMapping(current)) fillDefaults(current, child);
  }
}

/**
 * The entrypoint script is copied by the Dockerfile and .dockerignore is read by Docker only at the
 * root of the build context (https://docs.docker.com/build/concepts/context/#dockerignore-files):
 * when project.context is a subfolder, their default locations move into it.
 */
function followContext(merged: Record<string, unknown>, origins: Origins): void {
  const context = normalizeRelative(String((merged.project as Record<string, unknown>).context ?? '.'));
  if (!context || context === '.') return;
  const output = merged.output as Record<string, string>;
  for (const key of ['entrypoint', 'dockerignore']) {
    if (origins[`output.${key}`]?.kind !== 'default') continue;
    output[key] = posix.join(context, output[key]!);
    origins[`output.${key}`] = { kind: 'derived', from: 'project.context' };
  }
}
