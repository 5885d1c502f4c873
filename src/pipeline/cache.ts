/**
 * Results kept between builds of one process (watch mode, the benchmark): a stage's output
 * for the same inputs is reused, and the messages it reported are reported again, so a
 * rebuild says exactly what a cold build would.
 */
import { createHash } from 'node:crypto';
import { Reporter, type Diagnostic } from '../messages/diagnostic.js';

interface Entry<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export class StageCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  constructor(private readonly limit = 2000) {}

  run(keyParts: readonly string[], reporter: Reporter, fn: (r: Reporter) => T): T {
    const key = digest(keyParts);
    const hit = this.entries.get(key);
    if (hit) {
      for (const d of hit.diagnostics) reporter.diagnostics.push(d);
      return hit.value;
    }
    const local = new Reporter();
    const value = fn(local);
    for (const d of local.diagnostics) reporter.diagnostics.push(d);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, diagnostics: local.diagnostics });
    return value;
  }
}

export function digest(parts: readonly string[]): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
}
