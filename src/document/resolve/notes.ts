/** Footnotes: numbered per article in order of first call; a note's body is resolved once. */
import type { FootnoteDefinition } from 'mdast';
import type { NoteRefInline, SourcePos } from '../model.js';
import type { ResolveContext } from './context.js';
import { resolveBlocks } from './blocks.js';

/** Notes resolved inside notes inside notes…: deeper ones are resolved after, not within. */
const MAX_NOTE_DEPTH = 20;

export function resolveNoteCall(identifier: string, pos: SourcePos, ctx: ResolveContext): NoteRefInline | null {
  const def = ctx.noteDefinitions.get(identifier);
  if (!def) {
    ctx.reporter.error(`Footnote [^${identifier}] has no definition`, 'footnote-undefined', pos);
    return null;
  }
  let label = ctx.noteNumbers.get(identifier);
  const fresh = !label;
  if (!label) {
    label = String(ctx.noteNumbers.size + 1);
    ctx.noteNumbers.set(identifier, label);
  }
  // By the note's number, not its label: [^бір] and [^екі], or [^a.b] and [^a,b], would
  // make the same id once their letters were cut to ASCII, and one note would be lost.
  const noteId = `${ctx.slug}-fn-${label}`;
  if (fresh) {
    // Reserve the slot before resolving so notes called inside notes number after it.
    const note = { id: noteId, label, children: [] as ReturnType<typeof resolveBlocks>, pos: def.pos };
    ctx.notes.push(note);
    const body = () => {
      note.children = resolveBlocks((def.node as FootnoteDefinition).children, ctx);
    };
    const depth = ctx.noteDepth ?? 0;
    // A chain of notes each calling the next would recurse once per note and overflow the
    // stack; past a depth no article reaches, bodies wait and are resolved in a loop.
    if (depth >= MAX_NOTE_DEPTH) (ctx.deferredNotes ??= []).push(body);
    else {
      ctx.noteDepth = depth + 1;
      body();
      if (depth === 0) for (let next = ctx.deferredNotes?.shift(); next; next = ctx.deferredNotes?.shift()) next();
      ctx.noteDepth = depth;
    }
  }
  return { type: 'noteref', noteId, label, pos };
}
