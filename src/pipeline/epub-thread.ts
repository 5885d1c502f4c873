/**
 * The EPUB is made on the second core while this thread lays out and paints the PDF: the
 * two renderers share nothing but the resolved Issue, which crosses as a structured clone.
 * One worker serves the whole process, so its caches (the cover, loaded modules) outlive a
 * build, as watch mode needs. Where no compiled worker exists (tests run the TypeScript
 * sources), the EPUB is rendered in this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Issue } from '../document/model.js';
import type { EpubOptions } from '../render/epub/index.js';
import { BuildError, type Diagnostic } from '../messages/diagnostic.js';

export type EpubReply = { id: number; ok: true; bytes: Uint8Array; ms: number } | { id: number; ok: false; diagnostics?: Diagnostic[]; message: string };

/** The book, and how long rendering it took where it was rendered (not counting waits for this thread). */
export interface RenderedEpub {
  bytes: Uint8Array;
  ms: number;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: RenderedEpub) => void; reject: (e: Error) => void }>();

function getWorker(entry: string): Worker {
  if (worker) return worker;
  const w = new Worker(entry);
  w.on('message', (reply: EpubReply) => {
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if (reply.ok) job.resolve({ bytes: reply.bytes, ms: reply.ms });
    else job.reject(reply.diagnostics ? new BuildError(reply.diagnostics) : new Error(reply.message));
  });
  w.on('error', (e) => {
    for (const job of pending.values()) job.reject(e);
    pending.clear();
    worker = undefined;
  });
  // An idle worker must not keep the CLI alive once the build is done.
  w.unref();
  worker = w;
  return w;
}

const workerEntry = (): string => fileURLToPath(new URL('./epub-worker.js', import.meta.url));

/**
 * Starts the worker without a job, so it loads its modules and compiles the font subsetter
 * (over half of a cold EPUB's time) on the second core while this thread parses.
 */
export function startEpubWorker(): void {
  const entry = workerEntry();
  if (existsSync(entry)) getWorker(entry);
}

export function renderEpubInBackground(issue: Issue, options: EpubOptions): Promise<RenderedEpub> {
  const entry = workerEntry();
  if (!existsSync(entry)) {
    const start = performance.now();
    return import('../render/epub/index.js')
      .then(({ renderEpub }) => renderEpub(issue, options))
      .then((bytes) => ({ bytes, ms: performance.now() - start }));
  }
  const w = getWorker(entry);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, issue, options });
  });
}
