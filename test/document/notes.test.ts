/**
 * Footnotes keep every note whatever its label: ids come from the note's number, so labels
 * that differ only in letters ASCII cannot hold (Cyrillic), in punctuation or in case never
 * share an id, and no call links to another call's note.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../src/messages/diagnostic.js';
import { prepareIssue } from '../../src/pipeline/build.js';
import type { Inline, Block } from '../../src/document/model.js';

async function resolveBody(body: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'baspa-notes-'));
  mkdirSync(path.join(root, 'manuscripts/a'), { recursive: true });
  writeFileSync(path.join(root, 'manuscripts/issue.yaml'), 'journal: J\narticles: [a]\n');
  writeFileSync(path.join(root, 'manuscripts/a/article.md'), `---\ntitle: T\nlang: kk\n---\n\n${body}`);
  const reporter = new Reporter();
  const { issue } = await prepareIssue({ root, out: '', formats: [] }, reporter, {});
  return { article: issue.articles[0], reporter };
}

function noteRefs(blocks: Block[]): { noteId: string; label: string }[] {
  const out: { noteId: string; label: string }[] = [];
  const walk = (n: Inline | Block) => {
    if ((n as Inline).type === 'noteref') out.push(n as { noteId: string; label: string });
    for (const c of ((n as { children?: (Inline | Block)[] }).children ?? [])) walk(c);
  };
  blocks.forEach(walk);
  return out;
}

const LABELS = ['бір', 'екі', 'a.b', 'a,b', 'A', 'a', 'a-b', 'a_b', 'қ', 'ң', '1', '01', 'x y'.replace(' ', '')];

describe('footnote ids', () => {
  it('keeps [^бір] and [^екі] apart: two notes, two ids, each call to its own note', async () => {
    const { article, reporter } = await resolveBody('Бірінші[^бір] және екінші[^екі].\n\n[^бір]: Бірінші ескерту.\n[^екі]: Екінші ескерту.\n');
    expect(reporter.errors).toEqual([]);
    expect(article.notes.map((n) => n.id)).toHaveLength(2);
    expect(new Set(article.notes.map((n) => n.id)).size).toBe(2);
    const refs = noteRefs(article.body);
    expect(refs.map((r) => r.noteId)).toEqual(article.notes.map((n) => n.id));
  });

  it('never gives two labels one id (Cyrillic, punctuation, case)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...LABELS), { minLength: 2, maxLength: 6, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }), async (labels) => {
        const calls = labels.map((l, i) => `Сөз${i}[^${l}]`).join(' ');
        const defs = labels.map((l, i) => `[^${l}]: Ескерту ${i}.`).join('\n');
        const { article } = await resolveBody(`${calls}.\n\n${defs}\n`);
        expect(article.notes).toHaveLength(labels.length);
        expect(new Set(article.notes.map((n) => n.id)).size).toBe(labels.length);
      }),
      { numRuns: 25 },
    );
  });
});
