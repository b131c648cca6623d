// Preload (node --import) for the size tests: when the process exits, writes its peak resident set size
// and CPU time to the file named by $PRIVACY_LINT_MEASURE. The main thread only; workers share the process.
// The peak comes from VmHWM in /proc/self/status where there is one: getrusage's maxrss would include the
// memory of the test runner that forked this process (Linux keeps the pre-exec peak in it).
import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

function peakRssKb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

const out = process.env.PRIVACY_LINT_MEASURE;
if (out && isMainThread) {
  process.on('exit', () => {
    const ru = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRssKb: peakRssKb(), cpuMs: Math.round((ru.userCPUTime + ru.systemCPUTime) / 1000) }));
  });
}
