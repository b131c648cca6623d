// Preload (node --import) for the size tests: when the process exits, writes its peak resident set size
// and CPU time to the file named by $PRIVACY_LINT_MEASURE. The main thread only; workers share the process.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.PRIVACY_LINT_MEASURE;
if (out && isMainThread) {
  process.on('exit', () => {
    const ru = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRssKb: ru.maxRSS, cpuMs: Math.round((ru.userCPUTime + ru.systemCPUTime) / 1000) }));
  });
}
