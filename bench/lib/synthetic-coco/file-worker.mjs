/** A worker thread that writes kit files on request: `{ task }` in, `{ files }` or `{ error }` out. */
import { parentPort, workerData } from 'node:worker_threads';
import { runFileTask } from './file-tasks.mjs';

parentPort.on('message', async ({ task }) => {
  try {
    parentPort.postMessage({ task, files: await runFileTask(task, workerData) });
  } catch (error) {
    parentPort.postMessage({ task, error: error instanceof Error ? error.message : String(error) });
  }
});
