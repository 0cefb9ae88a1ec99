// Bundles the command line into one CommonJS file with esbuild, so a start reads one file instead of
// resolving and loading ~200 modules (issue 7, compile latency). Run after `npm run build`
// (it needs src/generated/). Writes:
//   dist/pyenvc-main.cjs  the bundle of src/cli/entry.ts (fast compile/validate path, yargs loaded lazily,
//                         precompiled ajv validator and Handlebars templates);
//   dist/pyenvc.cjs       the command: a small loader that runs the bundle with V8's code cache
//                         (scripts/cli-loader.cjs).
// With --ablations it also writes dist/bench/*.cjs: the same bundle with ONE measure taken out each,
// and dist/bench/ablations.json listing them, for `npm run bench` to show what each measure is worth.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');

/**
 * esbuild leaves `import.meta` empty in CommonJS output, and yargs' ESM build reads import.meta.url:
 * for createRequire, and to find the package.json whose version `--version` prints — it looks upward
 * from the part of its own path before "node_modules". A path inside <package>/node_modules makes that
 * the package root (dist/..), as it is for an unbundled install.
 */
const IMPORT_META_BANNER =
  'var __pyenvc_import_meta_url = require("node:url").pathToFileURL(require("node:path").join(__dirname, "..", "node_modules", ".pyenvc-bundle.cjs")).href;';

/** Replaces a module by generated code (used only by the ablation bundles). */
let replaced = 0;
function replaceModule(filter, contents) {
  const namespace = `pyenvc-replaced-${++replaced}`;
  return {
    name: namespace,
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace, pluginData: { resolveDir: args.resolveDir } }));
      b.onLoad({ filter: /.*/, namespace }, (args) => ({ contents, loader: 'js', resolveDir: args.pluginData?.resolveDir ?? root }));
    },
  };
}

const generated = join(root, 'src/generated');
/** Without the ajv standalone code: the schema is compiled when the CLI starts, as before. */
const RUNTIME_AJV = replaceModule(
  /generated\/manifest-validator\.js$/,
  `import { Ajv2020 } from 'ajv/dist/2020.js';
import { SCHEMA } from ${JSON.stringify(join(generated, 'assets.ts'))};
import { addEditorKeywords } from ${JSON.stringify(join(root, 'scripts/editor-keywords.mjs'))};
export const validate = addEditorKeywords(new Ajv2020({ allErrors: true, strict: true, verbose: true })).compile(SCHEMA);`,
);
/** Without precompiled templates: the full Handlebars (with its compiler) compiles them at run time. */
const RUNTIME_HANDLEBARS = [
  replaceModule(/^handlebars\/runtime\.js$/, `import Handlebars from 'handlebars'; export default Handlebars;`),
  replaceModule(
    /generated\/templates\.js$/,
    `import Handlebars from 'handlebars';
import { TEMPLATES } from ${JSON.stringify(join(generated, 'assets.ts'))};
const options = { noEscape: true, strict: true, knownHelpersOnly: true };
export const TEMPLATE_SPECS = Object.fromEntries(Object.entries(TEMPLATES).map(([name, source]) => [name, new Function('return ' + Handlebars.precompile(source, options))()]));`,
  ),
];

async function bundle({ entry, outfile, plugins = [] }) {
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    define: { 'import.meta.url': '__pyenvc_import_meta_url' },
    banner: { js: IMPORT_META_BANNER },
    plugins,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

function writeLoader(path, mainName) {
  writeFileSync(path, readFileSync(join(root, 'scripts/cli-loader.cjs'), 'utf8').replaceAll('__MAIN__', mainName));
  chmodSync(path, 0o755);
}

await bundle({ entry: 'src/cli/entry.ts', outfile: join(dist, 'pyenvc-main.cjs') });
writeLoader(join(dist, 'pyenvc.cjs'), 'pyenvc-main.cjs');

if (process.argv.includes('--ablations')) {
  const dir = join(dist, 'bench');
  mkdirSync(dir, { recursive: true });
  const list = [
    { id: 'bundle', label: 'bundle + all measures (dist/pyenvc.cjs)', script: 'dist/pyenvc.cjs' },
    { id: 'no-code-cache', label: '  without the V8 code cache', script: 'dist/pyenvc-main.cjs' },
  ];
  const variants = [
    { id: 'no-fast-path', label: '  without the fast path (yargs always loaded)', entry: 'src/cli/main.ts' },
    { id: 'no-ajv-standalone', label: '  without the ajv standalone validator', plugins: [RUNTIME_AJV] },
    { id: 'no-precompiled-templates', label: '  without precompiled templates', plugins: RUNTIME_HANDLEBARS },
    { id: 'bundle-only', label: 'bundle alone (no other measure)', entry: 'src/cli/main.ts', plugins: [RUNTIME_AJV, ...RUNTIME_HANDLEBARS], noCache: true },
  ];
  for (const v of variants) {
    await bundle({ entry: v.entry ?? 'src/cli/entry.ts', outfile: join(dir, `${v.id}-main.cjs`), plugins: v.plugins });
    if (v.noCache) {
      list.push({ id: v.id, label: v.label, script: `dist/bench/${v.id}-main.cjs` });
    } else {
      writeLoader(join(dir, `${v.id}.cjs`), `${v.id}-main.cjs`);
      list.push({ id: v.id, label: v.label, script: `dist/bench/${v.id}.cjs` });
    }
  }
  writeFileSync(join(dir, 'ablations.json'), `${JSON.stringify(list, null, 2)}\n`);
}
