'use strict';
// cdktf_batch: copied into cdktf_batch's cache beside entry.js; see cdktf_batch/_fast/runtime.py.
// cdktf's private/fs.js requires archiver (and its dependencies: a fifth of a second) at load;
// only its command-line mode, run as a separate process, ever zips with it. Loaded on first use.
const Module = require('module');
const moduleLoad = Module._load;
const CDKTF_FS = /[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/;
Module._load = function load(request, parent, isMain) {
  if (request !== 'archiver' || parent == null || !CDKTF_FS.test(parent.filename || '')) {
    return moduleLoad.apply(this, arguments);
  }
  const args = arguments;
  let loaded;
  const real = () => (loaded === undefined ? (loaded = moduleLoad.apply(this, args)) : loaded);
  return new Proxy(function archiver() {}, {
    apply: (target, self, callArgs) => Reflect.apply(real(), self, callArgs),
    construct: (target, callArgs) => Reflect.construct(real(), callArgs),
    get: (target, property) => Reflect.get(real(), property),
    has: (target, property) => Reflect.has(real(), property),
  });
};
