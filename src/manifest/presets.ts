import { parse } from 'yaml';
import { PRESET_TEXTS } from '../generated/assets.js';
import type { PresetName } from './types.js';

/** A preset: a partial manifest, shipped as data in presets/<name>.yaml. */
export type PresetLayer = Record<string, unknown>;

const parsed = new Map<string, PresetLayer>();

/** The parsed preset layer for `name`. Presets are bundled data; an unknown name is a programming error. */
export function presetLayer(name: PresetName): PresetLayer {
  let layer = parsed.get(name);
  if (!layer) {
    const text = PRESET_TEXTS[name];
    if (text === undefined) throw new Error(`internal: preset ${name} is not bundled`);
    layer = (parse(text) ?? {}) as PresetLayer;
    parsed.set(name, layer);
  }
  return layer;
}

/** Names and first comment line of every bundled preset, for `pyenvc presets`. */
export function presetSummaries(): { name: string; summary: string }[] {
  return Object.keys(PRESET_TEXTS)
    .sort()
    .map((name) => ({ name, summary: (PRESET_TEXTS[name]!.split('\n')[0] ?? '').replace(/^#\s*/, '') }));
}

/**
 * Merges `upper` over `lower`: mappings merge key by key, everything else (lists included) is replaced
 * by the upper value, as the contract says ("lists are replaced, not concatenated").
 * `onValue` is told the dotted path of every leaf taken from `upper`, for origin tracking.
 */
export function mergeLayers(lower: unknown, upper: unknown, onValue?: (path: string) => void, prefix = ''): unknown {
  if (isMapping(lower) && isMapping(upper)) {
    const out: Record<string, unknown> = { ...lower };
    for (const [key, value] of Object.entries(upper)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out[key] = key in lower ? mergeLayers(lower[key], value, onValue, path) : markAll(value, onValue, path);
    }
    return out;
  }
  return markAll(upper, onValue, prefix);
}

function markAll(value: unknown, onValue: ((path: string) => void) | undefined, path: string): unknown {
  if (isMapping(value) && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value)) markAll(inner, onValue, `${path}.${key}`);
  } else onValue?.(path);
  // A copy: the merged manifest is completed in place later, and must never write into a cached
  // preset layer or the caller's document (that would leak between manifests of one batch).
  return structuredClone(value);
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
