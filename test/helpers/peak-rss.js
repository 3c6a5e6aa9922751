// The peak resident memory of this process, in kB. Linux's getrusage maxrss (process.resourceUsage().maxRSS)
// survives execve: a CLI spawned from a big test worker reports the worker's size. VmHWM is this program's
// own high-water mark; maxRSS is the fallback where /proc is not there.
const fs = require('node:fs');

function peakRssKb() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no /proc
  }
  return process.resourceUsage().maxRSS;
}

module.exports = { peakRssKb };
