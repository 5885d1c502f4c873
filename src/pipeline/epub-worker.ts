/** Worker entry: render one EPUB and send the bytes back (see epub-thread.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { Issue } from '../document/model.js';
import { BuildError } from '../messages/diagnostic.js';
import { renderEpub, type EpubOptions } from '../render/epub/index.js';

const { issue, options } = workerData as { issue: Issue; options: EpubOptions };
renderEpub(issue, options).then(
  (bytes) => parentPort!.postMessage({ ok: true, bytes }, [bytes.buffer as ArrayBuffer]),
  (e: unknown) =>
    parentPort!.postMessage(e instanceof BuildError ? { ok: false, diagnostics: e.diagnostics, message: e.message } : { ok: false, message: e instanceof Error ? e.message : String(e) }),
);
