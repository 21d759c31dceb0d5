'use strict';
// cdktf_batch: whether the kernel may spin on its request pipe now (see entry.js). Spinning saves
// a wake-up when the machine has a CPU to spare and takes one from the work it waits for when it
// has not, so it is allowed only while the runnable tasks (the fourth field of /proc/loadavg, this
// process included) are no more than the CPUs. Read at most every `recheckNs`; after a busy
// reading, not again for `backoffNs`. Unreadable or malformed: never spin. Same rule as
// kernel_channel.SpinPolicy on the Python side.
const fs = require('fs');

function runnable(loadavg) {
  try {
    const field = fs.readFileSync(loadavg, 'latin1').split(' ')[3];
    const count = Number(field.split('/')[0]);
    return Number.isInteger(count) ? count : null;
  } catch {
    return null;
  }
}

function spinPolicy({ cpus, loadavg = '/proc/loadavg', recheckNs = 50_000_000n, backoffNs = 1_000_000_000n }) {
  let allowed = false;
  let until = 0n;
  return function maySpin() {
    const now = process.hrtime.bigint();
    if (now >= until) {
      const running = runnable(loadavg);
      allowed = running !== null && running <= cpus;
      until = now + (allowed ? recheckNs : backoffNs);
    }
    return allowed;
  };
}

module.exports = { spinPolicy };
