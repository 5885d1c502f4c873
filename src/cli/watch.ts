/**
 * `baspa watch`: build, then rebuild whenever something under manuscripts/ or templates/
 * changes. The process keeps fonts, hyphenation data, CSL engines, parsed articles and
 * resolved articles between builds, so a rebuild redoes only what changed.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { BuildOptions, BuildResult } from '../pipeline/build.js';

export interface WatchHandle {
  close(): void;
}

export function watchProject(
  opts: BuildOptions,
  run: (opts: BuildOptions) => Promise<BuildResult>,
  report: (result: BuildResult, ms: number) => void,
  /** A rebuild that failed outright: said in one line, and the watch goes on. */
  fail: (error: unknown) => void = () => undefined,
): WatchHandle {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const rebuild = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const t0 = performance.now();
    try {
      report(await run(opts), performance.now() - t0);
    } catch (e) {
      // The last good outputs stay; the next change tries again.
      fail(e);
    } finally {
      running = false;
      if (again) {
        again = false;
        void rebuild();
      }
    }
  };
  const watchers: FSWatcher[] = [];
  for (const dir of ['manuscripts', 'templates']) {
    try {
      watchers.push(
        watch(path.join(opts.root, dir), { recursive: true }, (_event, file) => {
          // Editors write temp files and backups; those are not changes to the issue.
          if (file && /(^|[/\\])(\.|#)|~$|\.swp$/.test(String(file))) return;
          clearTimeout(timer);
          timer = setTimeout(() => void rebuild(), 80);
        }),
      );
    } catch {
      /* a project without its own templates/ uses the bundled ones, which do not change */
    }
  }
  void rebuild();
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
