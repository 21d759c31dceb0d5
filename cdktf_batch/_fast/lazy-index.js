"use strict";
// Derived by cdktf_batch from this package's own lib/index.js: the same exports, each
// module required on first access instead of all of them at load time (through the
// original's TypeScript helper where it used one).
Object.defineProperty(exports, "__esModule", { value: true });
function lazy(name, path, wrap) {
    Object.defineProperty(exports, name, {
        configurable: true,
        enumerable: true,
        get() {
            const value = wrap === undefined ? require(path) : wrap(require(path));
            Object.defineProperty(exports, name, { configurable: true, enumerable: true, writable: true, value });
            return value;
        },
    });
}
