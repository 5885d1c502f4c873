/** Worker entry: render EPUBs on request and send the bytes back (see epub-thread.ts). */
import { parentPort } from 'node:worker_threads';
import type { Issue } from '../document/model.js';
import { BuildError } from '../messages/diagnostic.js';
import { renderEpub, type EpubOptions } from '../render/epub/index.js';
import { prepareSubsetter } from '../render/epub/subset.js';

// Compiled while the worker waits for its first job (see startEpubWorker).
prepareSubsetter();

parentPort!.on('message', ({ id, issue, options }: { id: number; issue: Issue; options: EpubOptions }) => {
  const start = performance.now();
  renderEpub(issue, options).then(
    (bytes) => parentPort!.postMessage({ id, ok: true, bytes, ms: performance.now() - start }, [bytes.buffer as ArrayBuffer]),
    (e: unknown) =>
      parentPort!.postMessage(
        e instanceof BuildError ? { id, ok: false, diagnostics: e.diagnostics, message: e.message } : { id, ok: false, message: e instanceof Error ? e.message : String(e) },
      ),
  );
});
