// Worker thread for `privacy-lint --threads`: lints the files it is sent with its own FileLinter
// (its own engine caches) and posts the outcomes back. Only plain data crosses the thread boundary.

import { parentPort, workerData } from 'node:worker_threads';
import { FileLinter, type Job } from './lint-files.js';

const linter = new FileLinter(workerData as Job);
parentPort!.on('message', (files: string[]) => {
  parentPort!.postMessage(files.map((f) => {
    try {
      return linter.lintFile(f);
    } catch (e) {
      return { file: f, problem: `${f}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }));
});
