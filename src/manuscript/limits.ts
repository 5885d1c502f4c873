/**
 * Input limits, checked in one linear pass before Markdown is parsed.
 *
 * remark's parser (micromark and mdast-util-from-markdown) has input shapes whose cost
 * grows quadratically or worse: lists nested 1,000 deep took 90 s, a paragraph of 32,000
 * lines 17 s (GFM tables look back over the paragraph on every line), 32,000 emphasis
 * closers without openers 75 s, and every closed block quote or list item copies the
 * document's event list so far. No real article comes near these shapes, so they are
 * refused here with a message at their place; below the limits every stage finishes in
 * seconds. The limits are documented in README.md ("Limits").
 */
export const LIMITS = {
  /** Lists and block quotes inside each other. */
  nesting: 40,
  /** Lines of one manuscript. */
  lines: 20_000,
  /** List items, block quotes and footnote definitions in one manuscript. */
  containers: 2_000,
  /** Characters and lines of one paragraph (text without a blank line), heading or table row. */
  paragraphChars: 100_000,
  paragraphLines: 2_000,
  /** Emphasis and bracket characters (`*`, `_`, `~`, `[`, `]`) in one paragraph. */
  paragraphMarkup: 4_000,
  /** Emphasis, links and other inline markup inside each other (checked on the tree). */
  inlineNesting: 40,
} as const;

type Container = { kind: 'quote' } | { kind: 'item'; content: number };

const MARKUP = new Set(['*', '_', '~', '[', ']']);
const THEMATIC_BREAK = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const TABLE_DELIMITER = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

const fmt = (n: number) => n.toLocaleString('en-US');

export interface MarkdownScan {
  /** The deepest nesting of lists and block quotes, and how many were opened. */
  maxDepth: number;
  containers: number;
  problems: { message: string; rule: string; line: number; column: number }[];
}

/**
 * One pass over the text: the first breach of each limit, at its line and column (the file
 * must then not be parsed), and the depth and count of blocks it found. Containers are
 * followed the CommonMark way (a block quote goes on with `>`, a list item or footnote with
 * indentation to its content, fenced code hides what looks like markers), closely enough
 * to count depth exactly for ordinary Markdown.
 */
export function scanMarkdown(text: string): MarkdownScan {
  const problems: MarkdownScan['problems'] = [];
  const fail = (message: string, rule: string, line: number, column: number) => {
    problems.push({ message, rule, line, column });
  };
  let maxDepth = 0;
  const stack: Container[] = [];
  let containers = 0;
  let reportedDepth = false;
  let reportedContainers = false;
  let reportedParagraph = false;
  // The paragraph (or table) being read: where it starts, its lines and markup so far.
  let para: { line: number; column: number; lines: number; chars: number; markup: number; table: boolean } | null = null;
  let fence: { ch: string; len: number; depth: number } | null = null;
  let lineNo = 0;
  let start = 0;
  // Front matter is YAML, not Markdown: its "- " lines are not list items.
  const fm = /^---[ \t]*\n(?:[^]*?\n)?---[ \t]*(?:\n|$)/.exec(text);
  if (fm) {
    start = fm[0].length;
    lineNo = countLines(fm[0]);
  }
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    if (lineNo > LIMITS.lines) {
      const total = lineNo + countLines(text.slice(end + 1));
      fail(`The manuscript has ${fmt(total)} lines; the limit is ${fmt(LIMITS.lines)} (split it into several articles)`, 'input-too-many-lines', lineNo, 1);
      break;
    }
    const line = text.slice(start, end);
    start = end + 1;

    // 1. Continue the open containers.
    let i = 0;
    let col = 0;
    let matched = 0;
    // The end of the run of spaces an item's indentation is taken from, found once a run.
    let ws: { i: number; col: number } | null = null;
    for (const c of stack) {
      if (c.kind === 'quote') {
        const j = skipSpaces(line, i, col, 3);
        if (line[j.i] !== '>') break;
        ({ i, col } = afterQuoteMarker(line, j.i, j.col));
      } else if (!isBlank(line, i)) {
        // A list item goes on over blank lines and lines indented to its content.
        if (!ws || ws.i < i) ws = skipSpaces(line, i, col, Infinity);
        if (ws.col < c.content) break;
        ({ i, col } = skipSpaces(line, i, col, c.content - col));
      }
      matched++;
    }
    if (fence) {
      if (matched >= fence.depth) {
        // Code: nothing in it opens a block, until the closing fence.
        const close = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*$/.exec(line.slice(i));
        if (close && close[1][0] === fence.ch && close[1].length >= fence.len) fence = null;
        continue;
      }
      // Its list item or quote ended, and the code with it.
      fence = null;
    }
    const rest = line.slice(i);
    const blank = isBlank(line, i);
    const startsBlock = startsContainer(rest) || /^[ \t]{0,3}(?:#{1,6}(?:[ \t]|$)|```|~~~)/.test(rest);
    // A lazy line continues a paragraph without its containers' markers.
    const lazy = matched < stack.length && para !== null && !blank && !startsBlock && !para.table;
    if (!lazy) stack.length = matched;
    if (blank) {
      para = null;
      continue;
    }

    // 2. Open new containers.
    let opened = 0;
    let marker = 0;
    for (;;) {
      const j = skipSpaces(line, i, col, 3);
      marker = j.i + 1;
      if (line[j.i] === '>') {
        ({ i, col } = afterQuoteMarker(line, j.i, j.col));
        stack.push({ kind: 'quote' });
      } else if (line.startsWith('[^', j.i) && /^\[\^[^\]\s]+\]:/.test(line.slice(j.i, j.i + 1000))) {
        // A footnote definition holds blocks indented by four columns, like a list item.
        const end = line.indexOf(']:', j.i) + 2;
        stack.push({ kind: 'item', content: j.col + 4 });
        ({ i, col } = skipSpaces(line, end, j.col + end - j.i, Infinity));
      } else {
        const m = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(j.i));
        if (!m || THEMATIC_BREAK.test(line.slice(j.i))) break;
        let k = j.i + m[0].length;
        let c = j.col + m[0].length;
        const after = skipSpaces(line, k, c, Infinity);
        // 1–4 spaces after the marker belong to it; more start indented code.
        if (after.col - c >= 1 && after.col - c <= 4 && after.i < line.length) ({ i: k, col: c } = after);
        else if (k < line.length) ({ i: k, col: c } = skipSpaces(line, k, c, 1));
        i = k;
        col = c;
        stack.push({ kind: 'item', content: col });
      }
      opened++;
      containers++;
      if (stack.length > maxDepth) maxDepth = stack.length;
      if (!reportedContainers && containers > LIMITS.containers) {
        reportedContainers = true;
        fail(`More than ${fmt(LIMITS.containers)} list items, block quotes and footnotes in one manuscript (the limit)`, 'input-too-many-blocks', lineNo, marker);
      }
      if (!reportedDepth && stack.length > LIMITS.nesting) {
        reportedDepth = true;
        const content = skipSpaces(line, i, col, Infinity);
        fail(`Lists or quotes nested more than ${LIMITS.nesting} deep`, 'nesting-too-deep', lineNo, content.i + 1);
        break;
      }
    }
    if (reportedDepth) break;

    // 3. Paragraph text: lines and markup of one paragraph, or of one table row.
    const content = line.slice(i);
    if (isBlank(line, i)) {
      para = null;
      continue;
    }
    const open = /^[ \t]{0,3}(?:(`{3,})[^`]*|(~{3,}).*)$/.exec(content);
    if (open) {
      const run = open[1] ?? open[2];
      fence = { ch: run[0], len: run.length, depth: stack.length };
      para = null;
      continue;
    }
    const heading = /^[ \t]{0,3}#{1,6}(?:[ \t]|$)/.test(content);
    const inTable: boolean = para !== null && para.table;
    if (opened > 0 || heading || para === null || (inTable && !lazy)) {
      // A table row is tokenized on its own, so each row counts as a paragraph of its own.
      para = { line: lineNo, column: i + 1, lines: 0, chars: 0, markup: 0, table: inTable && opened === 0 && !heading };
    } else if (para.lines === 1 && TABLE_DELIMITER.test(content.trim())) {
      para = { line: lineNo, column: i + 1, lines: 0, chars: 0, markup: 0, table: true };
    }
    para.lines++;
    para.chars += content.length + 1;
    for (let k = 0; k < content.length; k++) if (MARKUP.has(content[k])) para.markup++;
    if (!reportedParagraph && para.chars > LIMITS.paragraphChars) {
      reportedParagraph = true;
      const chars = para.chars + paragraphRest(text, start);
      fail(`A paragraph of ${fmt(chars)} characters; the limit is ${fmt(LIMITS.paragraphChars)} (break it up with blank lines)`, 'paragraph-too-long', para.line, para.column);
    }
    if (!reportedParagraph && para.lines > LIMITS.paragraphLines) {
      reportedParagraph = true;
      fail(`A paragraph of more than ${fmt(LIMITS.paragraphLines)} lines without a blank line (the limit); break it up`, 'paragraph-too-long', para.line, para.column);
    }
    if (!reportedParagraph && para.markup > LIMITS.paragraphMarkup) {
      reportedParagraph = true;
      fail(
        `A paragraph with more than ${fmt(LIMITS.paragraphMarkup)} emphasis or bracket characters (* _ ~ [ ]), the limit; break it up`,
        'paragraph-too-much-markup',
        para.line,
        para.column,
      );
    }
    if (heading) para = null;
  }
  return { maxDepth, containers, problems };
}

/** Characters from `from` to the next blank line: the rest of a paragraph, for the message. */
function paragraphRest(text: string, from: number): number {
  const blank = /\n[ \t]*(?:\n|$)/g;
  blank.lastIndex = Math.max(0, from - 1);
  const m = blank.exec(text);
  return Math.max(0, (m ? m.index + 1 : text.length) - from);
}

/** Lines in `text`, a last line without its line end included. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

/** Skips spaces and tabs up to `max` columns; returns the index and column reached. */
function skipSpaces(line: string, i: number, col: number, max: number): { i: number; col: number } {
  const limit = col + max;
  while (i < line.length) {
    const ch = line[i];
    const next = ch === ' ' ? col + 1 : ch === '\t' ? col + 4 - (col % 4) : -1;
    if (next < 0 || next > limit) break;
    col = next;
    i++;
  }
  return { i, col };
}

function isBlank(line: string, from: number): boolean {
  for (let k = from; k < line.length; k++) if (line[k] !== ' ' && line[k] !== '\t') return false;
  return true;
}

function afterQuoteMarker(line: string, i: number, col: number): { i: number; col: number } {
  i++;
  col++;
  if (line[i] === ' ' || line[i] === '\t') return skipSpaces(line, i, col, 1);
  return { i, col };
}

function startsContainer(rest: string): boolean {
  const t = rest.replace(/^[ \t]{0,3}/, '');
  return t.startsWith('>') || (/^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.test(t) && !THEMATIC_BREAK.test(t));
}
