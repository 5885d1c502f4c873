/**
 * The EPUB is made on the second core while this thread lays out and paints the PDF: the
 * two renderers share nothing but the resolved Issue, which crosses as a structured clone.
 * Where no compiled worker exists (tests run the TypeScript sources), it runs in-thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Issue } from '../document/model.js';
import type { EpubOptions } from '../render/epub/index.js';
import { BuildError, type Diagnostic } from '../messages/diagnostic.js';

type Reply = { ok: true; bytes: Uint8Array } | { ok: false; diagnostics?: Diagnostic[]; message: string };

export function renderEpubInBackground(issue: Issue, options: EpubOptions): Promise<Uint8Array> {
  const entry = fileURLToPath(new URL('./epub-worker.js', import.meta.url));
  if (!existsSync(entry)) return import('../render/epub/index.js').then(({ renderEpub }) => renderEpub(issue, options));
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: { issue, options } });
    worker.once('message', (reply: Reply) => {
      void worker.terminate();
      if (reply.ok) resolve(reply.bytes);
      else reject(reply.diagnostics ? new BuildError(reply.diagnostics) : new Error(reply.message));
    });
    worker.once('error', reject);
  });
}
