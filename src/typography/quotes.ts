/**
 * Smart quotes: straight ASCII quotes typed in a manuscript become the language's marks
 * (English “ ” and ‘ ’, Kazakh « » with “ ” nested, Russian « » with „ “ nested). Marks the
 * author already typed are kept as they are. The state runs across the text nodes of one
 * paragraph so a quote opened before an emphasis closes after it.
 */
export interface QuoteMarks {
  outer: [string, string];
  inner: [string, string];
}

export class QuoteState {
  private depth = 0;
  constructor(private readonly marks: QuoteMarks) {}

  /** `before` is the last character emitted before this text (for context across nodes). */
  convert(text: string, before: string): string {
    let out = '';
    let prev = before;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      const next = i + 1 < text.length ? text[i + 1] : '';
      if (c === '"') {
        const opening = isOpeningContext(prev, next);
        if (opening) {
          const m = this.depth % 2 === 0 ? this.marks.outer : this.marks.inner;
          out += m[0];
          this.depth++;
        } else {
          this.depth = Math.max(0, this.depth - 1);
          const m = this.depth % 2 === 0 ? this.marks.outer : this.marks.inner;
          out += m[1];
        }
      } else if (c === "'") {
        // After a letter it is an apostrophe (don’t) or a closing single quote: both ’.
        if (isLetter(prev) || !isOpeningContext(prev, next)) {
          out += '’';
        } else {
          out += '‘';
        }
      } else {
        out += c;
      }
      prev = c;
    }
    return out;
  }
}

function isLetter(c: string): boolean {
  return c !== '' && /[\p{L}\p{N}]/u.test(c);
}

/**
 * Whether a straight quote between `prev` and `next` opens. At the end of a text node the
 * next character lies in the next node (`"*Абай жолы*"`), so only what comes before counts.
 */
function isOpeningContext(prev: string, next: string): boolean {
  if (/\s/.test(next)) return false;
  return prev === '' || /[\s([{\u2014\u2013«“„‘-]/.test(prev);
}

/** Dashes typed as ASCII: " - " between words is a dash, "--" an en dash, "---" an em dash. */
export function smartDashes(text: string): string {
  return text.replace(/---/g, '—').replace(/--/g, '–').replace(/(^|\s)-(?=\s)/g, '$1–');
}
