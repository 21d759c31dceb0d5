'use strict';
// cdktf_batch: runs the jsii kernel (program.js, patched to read stdin and write stdout)
// without jsii's relay process. Copied into cdktf_batch's cache; see cdktf_batch/_fast/kernel_channel.py.
const fs = require('fs');
const os = require('os');

const rawWriteSync = fs.writeSync;
const NEWLINE = Buffer.from('\n');

function writeAll(fd, bytes) {
  let written = 0;
  let pause = 0;
  while (written < bytes.length) {
    try {
      written += rawWriteSync(fd, bytes, written, bytes.length - written);
      pause = 0;
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      pause = Math.min(Math.max(2 * pause, 1), 10);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

// Everything but the protocol goes to stderr as the relay frames it: {"stdout"|"stderr": base64}.
function frame(key, bytes) {
  writeAll(2, Buffer.concat([Buffer.from(JSON.stringify({ [key]: bytes.toString('base64') })), NEWLINE]));
}

function streamWrite(key) {
  return function write(chunk, encoding, callback) {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    frame(key, Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), encoding || 'utf8'));
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
}
process.stdout.write = streamWrite('stdout');
process.stderr.write = streamWrite('stderr');

// The kernel's own diagnostics are written straight to descriptor 2.
fs.writeSync = function writeSync(fd, data, ...rest) {
  if (fd !== 2) return rawWriteSync.call(fs, fd, data, ...rest);
  let bytes;
  if (typeof data === 'string') {
    bytes = Buffer.from(data, typeof rest[1] === 'string' ? rest[1] : 'utf8');
  } else {
    const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const length = typeof rest[1] === 'number' ? rest[1] : view.length - offset;
    bytes = view.subarray(offset, offset + length);
  }
  frame('stderr', bytes);
  return bytes.length;
};

// Requests: poll a non-blocking descriptor of the same pipe for a moment, then block; only while
// a CPU is free (spin-policy.js).
const SPIN_NS = BigInt(Math.round(Number(process.env.CDKTF_BATCH_KERNEL_SPIN_US || '0') * 1000));
let polled = -1;
if (SPIN_NS > 0n) {
  try {
    polled = fs.openSync('/proc/self/fd/0', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    polled = -1;
  }
}
if (polled >= 0) {
  const maySpin = require('./spin-policy.js').spinPolicy({ cpus: os.availableParallelism() });
  const rawReadSync = fs.readSync;
  fs.readSync = function readSync(fd, buffer, offset, length, position) {
    if (fd !== 0) return rawReadSync.apply(fs, arguments);
    if (!maySpin()) return rawReadSync(0, buffer, offset, length, null);
    const deadline = process.hrtime.bigint() + SPIN_NS;
    for (;;) {
      try {
        return rawReadSync(polled, buffer, offset, length, null);
      } catch (error) {
        if (error.code !== 'EAGAIN') throw error;
      }
      if (process.hrtime.bigint() > deadline) return rawReadSync(0, buffer, offset, length, null);
    }
  };
}

require('./lazy-archiver.js');

// The kernel links cached packages as symbolic links only when it sees this flag; Node itself
// preserves them because NODE_PRESERVE_SYMLINKS is set for this process (and not passed on).
if (!process.execArgv.includes('--preserve-symlinks')) process.execArgv.push('--preserve-symlinks');
delete process.env.NODE_PRESERVE_SYMLINKS;
delete process.env.CDKTF_BATCH_KERNEL_SPIN_US;

require('./program.js');
