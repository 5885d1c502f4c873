/** Worker entry: lays out articles on request and sends the standalone layouts back (see layout-pool.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { Template } from '../config/template.js';
import type { Article, Issue } from '../document/model.js';
import { FontBook } from '../layout/fonts.js';
import { layoutStandalone } from '../layout/index.js';

export interface LayoutTask {
  id: number;
  /** The issue without its articles (layout reads only its metadata). */
  issue: Issue;
  article: Article;
  firstFolio: number;
}

const { template } = workerData as { template: Template };
// Fonts and shaping are loaded while the main thread is still parsing and resolving.
const fonts = FontBook.shared(template.fonts, template.spacing);

parentPort!.on('message', (task: LayoutTask) => {
  try {
    parentPort!.postMessage({ id: task.id, ok: true, laid: layoutStandalone(task.issue, task.article, template, fonts, task.firstFolio) });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, ok: false, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort!.postMessage({ ready: true });
