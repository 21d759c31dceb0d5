"use strict";
// Derived by cdktf_batch from this package's own lib/index.js: the same exports, each
// module required on first access instead of all of them at load time.
Object.defineProperty(exports, "__esModule", { value: true });
function lazy(name, path) {
    Object.defineProperty(exports, name, {
        configurable: true,
        enumerable: true,
        get() {
            const value = require(path);
            Object.defineProperty(exports, name, { configurable: true, enumerable: true, writable: true, value });
            return value;
        },
    });
}
