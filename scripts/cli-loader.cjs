#!/usr/bin/env node
'use strict';
// pyenvc's command: loads the bundled CLI (__MAIN__, built by scripts/bundle-cli.mjs) with V8's code
// cache, so later starts skip parsing and compiling its JavaScript (issue 7, compile latency).
// - Node >= 22.1: Node's own compile cache (https://nodejs.org/api/module.html#moduleenablecompilecache),
//   in <tmpdir>/node-compile-cache unless NODE_COMPILE_CACHE says otherwise; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
// - Node 20: the same idea by hand with vm.Script cachedData
//   (https://nodejs.org/api/vm.html#scriptcreatecacheddata), in <tmpdir>/pyenvc-compile-cache-<uid>,
//   a folder only this user may write (it is skipped otherwise). V8 rejects a cache made for other
//   source, another V8 or other flags; the bundle is then compiled as usual and the cache rewritten.
// The cache is written at exit, so it also holds the functions compiled while the command ran.
const Module = require('node:module');
const path = require('node:path');
const main = path.join(__dirname, '__MAIN__');

if (typeof Module.enableCompileCache === 'function') {
  Module.enableCompileCache();
  require(main);
} else if (process.env.NODE_DISABLE_COMPILE_CACHE) {
  require(main);
} else {
  runWithCodeCache();
}

function runWithCodeCache() {
  const fs = require('node:fs');
  const os = require('node:os');
  const vm = require('node:vm');
  const source = fs.readFileSync(main, 'utf8');
  const stat = fs.statSync(main);
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const dir = path.join(os.tmpdir(), `pyenvc-compile-cache-${uid}`);
  const file = path.join(dir, `${process.version}-${process.arch}-${stat.size}-${Math.trunc(stat.mtimeMs)}.bin`);
  let cachedData;
  let usable = false;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const info = fs.lstatSync(dir);
    usable = info.isDirectory() && info.uid === uid && (info.mode & 0o022) === 0;
    if (usable) cachedData = fs.readFileSync(file);
  } catch {
    // No cache yet, or no usable folder: compile as usual.
  }
  const script = new vm.Script(Module.wrap(source.replace(/^#!.*/, '')), { filename: main, cachedData });
  if (usable && (cachedData === undefined || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        const temp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(temp, file);
      } catch {
        // A cache that cannot be written only costs the next start its speed.
      }
    });
  }
  const mod = new Module(main, module);
  mod.filename = main;
  mod.paths = Module._nodeModulePaths(path.dirname(main));
  mod.loaded = true;
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(main), mod, main, path.dirname(main));
}
