/**
 * Articles laid out on every core. Each article's layout depends only on the article and
 * the template (it starts on a recto page; its folios are renumbered when the issue adopts
 * it), so a volume's articles are handed out one at a time to worker threads and to this
 * thread alike, whichever is free. Workers start when the template is known, so they load
 * fonts and shaping while this thread is still parsing and resolving.
 *
 * Used for issues of many articles, on cores nothing else keeps busy: a worker costs a few
 * hundred milliseconds to start, more than a two-article issue takes to lay out. Measured
 * on two cores, laying out a 200-article volume alone (no EPUB worker): 2.17 s in one
 * thread, 1.88 s in two (the worker took 94 of the 200 articles). BASPA_JOBS=1 keeps everything in this thread.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Template } from '../config/template.js';
import type { Issue } from '../document/model.js';
import type { FontBook } from '../layout/fonts.js';
import { layoutStandalone, provisionalFolio, type StandaloneArticle } from '../layout/index.js';
import type { LayoutTask } from './layout-worker.js';

/** Fewer articles than this are laid out in this thread alone. */
export const POOL_MIN_ARTICLES = 8;

type Reply = { ready: true } | { id: number; ok: true; laid: StandaloneArticle } | { id: number; ok: false; message: string };

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: boolean;
  onReply?: (r: Reply) => void;
}

const pools = new Map<string, LayoutPool>();

/**
 * The worker's entry: the compiled one, or, when running from the TypeScript sources (the
 * tests), the source through tsx, so the tests lay volumes out across threads as the CLI does.
 */
function workerEntry(): { code: string; eval: boolean } | undefined {
  const js = fileURLToPath(new URL('./layout-worker.js', import.meta.url));
  if (existsSync(js)) return { code: js, eval: false };
  const ts = new URL('./layout-worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(ts))) return undefined;
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(ts.href)}); })`;
  return { code, eval: true };
}

export class LayoutPool {
  /**
   * The process's pool for `template`, started if need be; undefined when the issue is
   * small, the machine has one core or there is no compiled worker.
   */
  static for(template: Template, articles: number, busy = 0): LayoutPool | undefined {
    if (articles < POOL_MIN_ARTICLES || !template.layout.articleStartsRecto) return undefined;
    // BASPA_JOBS caps the threads used (1: this thread only), as make's -j does. `busy`
    // threads (the EPUB worker) already have a core each: on two cores, a layout worker
    // beside them only made every thread slower (a 200-article volume: 10.5 s alone,
    // 10.6 s with one).
    const jobs = Number(process.env.BASPA_JOBS) || os.availableParallelism();
    const count = Math.min(jobs - 1 - busy, 3);
    const worker = workerEntry();
    if (count < 1 || !worker) return undefined;
    const key = JSON.stringify(template);
    let pool = pools.get(key);
    if (!pool) {
      // One template at a time: watch mode after a template edit must not keep the old workers.
      for (const old of pools.values()) old.close();
      pools.clear();
      pools.set(key, (pool = new LayoutPool(worker, template, count)));
    }
    return pool;
  }

  /** Ends the workers (their fonts and caches go with them). */
  close(): void {
    for (const s of this.slots) void s.worker.terminate();
  }

  private readonly slots: Slot[];
  /** How many articles of the last layout() the workers laid out (the rest: this thread). */
  byWorkers = 0;

  private constructor(
    entry: { code: string; eval: boolean },
    private readonly template: Template,
    count: number,
  ) {
    this.slots = Array.from({ length: count }, () => {
      const slot: Slot = { worker: new Worker(entry.code, { workerData: { template }, eval: entry.eval }), ready: false, busy: false };
      slot.worker.on('message', (r: Reply) => {
        if ('ready' in r) slot.ready = true;
        slot.onReply?.(r);
      });
      slot.worker.on('error', (e) => slot.onReply?.({ id: -1, ok: false, message: e.message }));
      // Idle workers must not keep the CLI alive once the build is done.
      slot.worker.unref();
      return slot;
    });
  }

  /** Resolves once every worker has loaded its fonts and can take articles. */
  ready(): Promise<void> {
    return Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.ready) return resolve();
            // Referenced while waited for: an unreferenced worker would let the process end first.
            s.worker.ref();
            s.worker.once('message', () => {
              s.worker.unref();
              resolve();
            });
          }),
      ),
    ).then(() => undefined);
  }

  /** Every article of `issue`, laid out from a recto provisional folio, in article order. */
  layout(issue: Issue, fonts: FontBook): Promise<StandaloneArticle[]> {
    const n = issue.articles.length;
    const base: Issue = { ...issue, articles: [] };
    const folio = provisionalFolio(true);
    const out: StandaloneArticle[] = new Array(n);
    let next = 0;
    let done = 0;
    this.byWorkers = 0;
    return new Promise((resolve, reject) => {
      let failed = false;
      const finish = () => {
        if (done !== n || failed) return;
        for (const s of this.slots) {
          s.onReply = undefined;
          s.worker.unref();
        }
        resolve(out);
      };
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        for (const s of this.slots) {
          s.onReply = undefined;
          s.busy = false;
          s.worker.unref();
        }
        reject(e);
      };
      const feed = (s: Slot) => {
        if (failed || !s.ready || s.busy || next >= n) return;
        const task: LayoutTask = { id: next, issue: base, article: issue.articles[next], firstFolio: folio };
        next++;
        s.busy = true;
        s.worker.postMessage(task);
      };
      for (const s of this.slots) {
        s.worker.ref();
        s.onReply = (r) => {
          if ('ready' in r) return feed(s);
          s.busy = false;
          if (!r.ok) return fail(new Error(`layout worker: ${r.message}`));
          out[r.id] = r.laid;
          done++;
          this.byWorkers++;
          feed(s);
          finish();
        };
        feed(s);
      }
      // This thread takes articles too, one per turn of the event loop so replies get in.
      const step = () => {
        if (failed || next >= n) return;
        const i = next++;
        try {
          out[i] = layoutStandalone(issue, issue.articles[i], this.template, fonts, folio);
        } catch (e) {
          return fail(e instanceof Error ? e : new Error(String(e)));
        }
        done++;
        finish();
        setImmediate(step);
      };
      setImmediate(step);
    });
  }
}
