/**
 * micromark syntax extension for Pandoc citations.
 *
 * Two `text` constructs:
 *
 * - at `[`: a parenthetical cluster `[see @a, p. 3; -@b]`. It only forms when every
 *   `;`-separated item holds a key; otherwise the bracket falls through to links.
 * - at `@`: a narrative citation `@a`, optionally followed by a bracketed locator and
 *   more items, `@a [p. 3; @b]` (Pandoc's "bareloc"). `-@a` outside brackets is left
 *   as text: author suppression only makes sense in a parenthetical cluster.
 *
 * Token structure (all custom, so mdast-util-from-markdown's core handlers, notably the
 * one for `lineEnding`, never see the inside of a citation):
 *
 * ```
 * citationParenthetical | citationNarrative
 *   citationMarker            `[` / `]`
 *   citationPrefix            raw text before the key (optional)
 *   citationSuppressMarker    `-` (optional)
 *   citationKeyMarker         `@`
 *   citationKey               `key` or `{braced key}`
 *   citationSuffix            raw text after the key: locator and suffix (optional)
 *   citationSeparator         `;`
 *   citationWhitespace        space between a narrative key and its `[`
 * ```
 *
 * Prefix and suffix text is scanned, not tokenized as Markdown: brackets must balance,
 * `\` escapes the next character and code spans are skipped whole, so that `]`, `;` and
 * `@` inside them do not count.
 */
import { asciiAlphanumeric, asciiPunctuation, markdownLineEnding, markdownSpace } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';
import type { Code, Construct, Effects, Extension, Point, State, TokenizeContext } from 'micromark-util-types';
import './types.js';

/** Internal key punctuation (Pandoc): allowed when followed by a letter, digit or `_`. */
const KEY_PUNCTUATION = new Set<number>(Array.from(':.#$%&-+?<>~/', (char) => char.charCodeAt(0)));

/**
 * Longest citation bracket scanned, in characters. Every `[` in running text is tried
 * as a citation; without a bound, text full of unclosed brackets costs quadratic time.
 * Real clusters (even dozens of items with prefixes) stay far below this.
 */
const MAX_BRACKET_SIZE = 2000;

/** Micromark feeds UTF-16 code units, so single BMP characters are tested here. */
const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;

/**
 * Letter, digit or `_`: the characters of a key, and the characters that, right before
 * an `@`, make it part of a word (an e-mail address) rather than a citation. Astral
 * characters (surrogate halves) do not count; keys in such scripts must be braced.
 */
export function isWordCode(code: Code): boolean {
  if (code === null || code < 0) return false;
  if (code < 0x80) return code === codes.underscore || asciiAlphanumeric(code);
  return WORD_CHARACTER.test(String.fromCharCode(code));
}

/** micromark's `normalizeIdentifier` (not a direct dependency), to match link definitions. */
function normalizeIdentifier(value: string): string {
  return value
    .replace(/[\t\n\r ]+/g, ' ')
    .replace(/^ | $/g, '')
    .toLowerCase()
    .toUpperCase();
}

function codeToString(code: Code): string {
  if (code === null) return '';
  if (code === codes.horizontalTab || code === codes.virtualSpace) return ' ';
  if (code < 0) return '\n';
  return String.fromCharCode(code);
}

// ---------------------------------------------------------------------------
// Look-ahead constructs (used with `check`/`attempt`).

/** `@key`, `@{braced key}` or `-@key` follows: decides where a prefix ends. */
const keyAhead: Construct = { partial: true, tokenize: tokenizeKeyAhead };

function tokenizeKeyAhead(effects: Effects, ok: State, nok: State): State {
  let depth = 0;
  let size = 0;
  return start;

  function start(code: Code): State | undefined {
    effects.enter('citationCheck');
    if (code === codes.dash) {
      effects.consume(code);
      return atSign;
    }
    return atSign(code);
  }

  function atSign(code: Code): State | undefined {
    if (code !== codes.atSign) return nok(code);
    effects.consume(code);
    return keyStart;
  }

  function keyStart(code: Code): State | undefined {
    if (code === codes.leftCurlyBrace) {
      depth = 1;
      effects.consume(code);
      return braced;
    }
    if (!isWordCode(code)) return nok(code);
    effects.consume(code);
    effects.exit('citationCheck');
    return ok;
  }

  function braced(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return nok(code);
    if (code === codes.leftCurlyBrace) depth++;
    if (code === codes.rightCurlyBrace) depth--;
    if (depth === 0) {
      if (size === 0) return nok(code);
      effects.consume(code);
      effects.exit('citationCheck');
      return ok;
    }
    size++;
    effects.consume(code);
    return braced;
  }
}

/** Key punctuation followed by a key character (or `:`/`/` followed by `/`, for URLs). */
const internalPunctuation: Construct = { partial: true, tokenize: tokenizeInternalPunctuation };

function tokenizeInternalPunctuation(effects: Effects, ok: State, nok: State): State {
  let first: Code = null;
  return start;

  function start(code: Code): State | undefined {
    first = code;
    effects.enter('citationCheck');
    effects.consume(code);
    effects.exit('citationCheck');
    return after;
  }

  function after(code: Code): State | undefined {
    if (isWordCode(code)) return ok(code);
    if ((first === codes.colon || first === codes.slash) && code === codes.slash) return ok(code);
    return nok(code);
  }
}

/**
 * A whole code span, so its content cannot close or split a citation. It adds no token
 * of its own: it is consumed inside the surrounding prefix/suffix token (micromark only
 * lets a token consume while it is the innermost open one).
 */
const codeSpan: Construct = { partial: true, tokenize: tokenizeCodeSpan };

function tokenizeCodeSpan(effects: Effects, ok: State, nok: State): State {
  let size = 0;
  let closing = 0;
  return open;

  function open(code: Code): State | undefined {
    if (code === codes.graveAccent) {
      size++;
      effects.consume(code);
      return open;
    }
    return between(code);
  }

  function between(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (code === codes.graveAccent) {
      closing = 0;
      return close(code);
    }
    effects.consume(code);
    return between;
  }

  function close(code: Code): State | undefined {
    if (code === codes.graveAccent) {
      closing++;
      effects.consume(code);
      return close;
    }
    if (closing === size) {
      return ok(code);
    }
    return between(code);
  }
}

/**
 * After a closing `]`: a following `[label]` that names a link definition (or `[]`/
 * nothing when the bracket itself is defined) makes the bracket a link reference.
 */
function createReferenceAhead(ownLabel: () => string, self: TokenizeContext): Construct {
  return { partial: true, tokenize: tokenizeReferenceAhead };

  function tokenizeReferenceAhead(effects: Effects, ok: State, nok: State): State {
    let label = '';
    return start;

    function start(code: Code): State | undefined {
      effects.enter('citationCheck');
      effects.consume(code);
      return inside;
    }

    function inside(code: Code): State | undefined {
      if (code === null || code === codes.leftSquareBracket || label.length > 999) return nok(code);
      if (code === codes.rightSquareBracket) {
        effects.consume(code);
        effects.exit('citationCheck');
        const id = normalizeIdentifier(label === '' ? ownLabel() : label);
        return self.parser.defined.includes(id) ? ok : nok;
      }
      label += codeToString(code);
      effects.consume(code);
      return code === codes.backslash ? escaped : inside;
    }

    function escaped(code: Code): State | undefined {
      if (code === codes.leftSquareBracket || code === codes.rightSquareBracket || code === codes.backslash) {
        label += codeToString(code);
        effects.consume(code);
        return inside;
      }
      return inside(code);
    }
  }
}

// ---------------------------------------------------------------------------
// Shared state machines.

/**
 * `@key` / `@{braced key}` (at `@`), then `ok` after the key. A simple key is letters,
 * digits and `_`, with key punctuation allowed only inside (`@doe.` is key `doe`).
 */
function factoryKey(effects: Effects, ok: State, nok: State): State {
  let depth = 0;
  return start;

  function start(code: Code): State | undefined {
    if (code !== codes.atSign) return nok(code);
    effects.enter('citationKeyMarker');
    effects.consume(code);
    effects.exit('citationKeyMarker');
    return keyStart;
  }

  function keyStart(code: Code): State | undefined {
    if (code === codes.leftCurlyBrace) {
      effects.enter('citationKey');
      effects.consume(code);
      depth = 1;
      return braced;
    }
    if (!isWordCode(code)) return nok(code);
    effects.enter('citationKey');
    effects.consume(code);
    return simple;
  }

  function braced(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return nok(code);
    if (code === codes.leftCurlyBrace) depth++;
    if (code === codes.rightCurlyBrace) depth--;
    effects.consume(code);
    if (depth === 0) {
      effects.exit('citationKey');
      return ok;
    }
    return braced;
  }

  function simple(code: Code): State | undefined {
    if (isWordCode(code)) {
      effects.consume(code);
      return simple;
    }
    if (code !== null && KEY_PUNCTUATION.has(code)) {
      return effects.check(internalPunctuation, punctuation, end)(code);
    }
    return end(code);
  }

  function punctuation(code: Code): State | undefined {
    effects.consume(code);
    return simple;
  }

  function end(code: Code): State | undefined {
    effects.exit('citationKey');
    return ok(code);
  }
}

/**
 * The inside of a citation bracket, after `[`, through the closing `]` (then `ok`).
 *
 * With `narrative`, the bracket follows a narrative key: its first segment is that
 * key's suffix and may not hold a key itself (`@a [@b]` is two citations).
 */
function factoryBracket(
  effects: Effects,
  self: TokenizeContext,
  ok: State,
  nok: State,
  narrative: boolean,
  onClose: (contentEnd: Point) => void,
): State {
  let depth = 0;
  let size = 0;
  let open: 'citationPrefix' | 'citationSuffix' | undefined;
  let firstSegment = narrative;
  const key = factoryKey(effects, suffix, nok);
  return narrative ? suffix : prefix;

  function enterText(type: 'citationPrefix' | 'citationSuffix'): void {
    if (open !== type) {
      effects.enter(type);
      open = type;
    }
  }

  function exitText(): void {
    if (open) {
      effects.exit(open);
      open = undefined;
    }
  }

  /** Whether an `@`/`-@` here may start a key (not inside nested brackets or a word). */
  function mayStartKey(code: Code): boolean {
    return depth === 0 && (code === codes.atSign || code === codes.dash) && !isWordCode(self.previous);
  }

  function prefix(code: Code): State | undefined {
    if (code === null) return nok(code);
    // An item without a key: not a citation (Pandoc requires a key in every item).
    if (depth === 0 && (code === codes.rightSquareBracket || code === codes.semicolon)) return nok(code);
    if (mayStartKey(code)) return effects.check(keyAhead, keyFound, prefixText)(code);
    return prefixText(code);
  }

  function prefixText(code: Code): State | undefined {
    enterText('citationPrefix');
    return text(code, prefix);
  }

  function keyFound(code: Code): State | undefined {
    exitText();
    if (code === codes.dash) {
      effects.enter('citationSuppressMarker');
      effects.consume(code);
      effects.exit('citationSuppressMarker');
      return key;
    }
    return key(code);
  }

  function suffix(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (depth === 0 && code === codes.rightSquareBracket) {
      exitText();
      onClose(self.now());
      effects.enter('citationMarker');
      effects.consume(code);
      effects.exit('citationMarker');
      return ok;
    }
    if (depth === 0 && code === codes.semicolon) {
      exitText();
      firstSegment = false;
      effects.enter('citationSeparator');
      effects.consume(code);
      effects.exit('citationSeparator');
      return prefix;
    }
    if (firstSegment && mayStartKey(code)) return effects.check(keyAhead, nok, suffixText)(code);
    return suffixText(code);
  }

  function suffixText(code: Code): State | undefined {
    enterText('citationSuffix');
    return text(code, suffix);
  }

  /** Consume one piece of prefix/suffix text, then continue in `next`. */
  function text(code: Code, next: State): State | undefined {
    if (++size > MAX_BRACKET_SIZE) return nok(code);
    if (code === codes.backslash) {
      effects.consume(code);
      return escaped;
    }
    if (code === codes.graveAccent) return effects.attempt(codeSpan, next, graves)(code);
    if (code === codes.leftSquareBracket) depth++;
    if (code === codes.rightSquareBracket) depth--;
    effects.consume(code);
    return next;

    function escaped(code: Code): State | undefined {
      if (code === null) return nok(code);
      if (asciiPunctuation(code) || markdownLineEnding(code)) {
        effects.consume(code);
        return next;
      }
      return next(code);
    }

    // An unmatched run of backticks is literal as a whole (CommonMark).
    function graves(code: Code): State | undefined {
      if (code === codes.graveAccent) {
        effects.consume(code);
        return graves;
      }
      return next(code);
    }
  }
}

// ---------------------------------------------------------------------------
// The two text constructs.

const parenthetical: Construct = { name: 'citationParenthetical', tokenize: tokenizeParenthetical };

function tokenizeParenthetical(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this;
  let contentStart = self.now();
  let contentEnd = self.now();
  const referenceAhead = createReferenceAhead(ownLabel, self);
  return start;

  function start(code: Code): State | undefined {
    effects.enter('citationParenthetical');
    effects.enter('citationMarker');
    effects.consume(code);
    effects.exit('citationMarker');
    contentStart = self.now();
    return factoryBracket(effects, self, close, nok, false, (end) => (contentEnd = end));
  }

  function close(code: Code): State | undefined {
    return afterBracket(effects, referenceAhead, self, ownLabel, done, nok)(code);
  }

  function ownLabel(): string {
    return self.sliceSerialize({ start: contentStart, end: contentEnd });
  }

  function done(code: Code): State | undefined {
    effects.exit('citationParenthetical');
    return ok(code);
  }
}

/**
 * After a citation's `]`: `[text](url)` and references to link definitions stay links,
 * as in Pandoc (`notFollowedBy (oneOf "[(")`, refined to defined references so that
 * `[@a][^1]` is still a citation followed by a footnote).
 */
function afterBracket(
  effects: Effects,
  referenceAhead: Construct,
  self: TokenizeContext,
  ownLabel: () => string,
  ok: State,
  nok: State,
): State {
  return function (code: Code): State | undefined {
    if (code === codes.leftParenthesis) return nok(code);
    if (code === codes.leftSquareBracket) return effects.check(referenceAhead, nok, ok)(code);
    if (self.parser.defined.includes(normalizeIdentifier(ownLabel()))) return nok(code);
    return ok(code);
  };
}

const narrative: Construct = { name: 'citationNarrative', tokenize: tokenizeNarrative };

const bareLocator: Construct = { partial: true, tokenize: tokenizeBareLocator };

function tokenizeNarrative(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this;
  return start;

  function start(code: Code): State | undefined {
    // `name@example.com`: an `@` inside a word is not a citation.
    if (isWordCode(self.previous)) return nok(code);
    effects.enter('citationNarrative');
    return factoryKey(effects, afterKey, nok)(code);
  }

  function afterKey(code: Code): State | undefined {
    return effects.attempt(bareLocator, done, done)(code);
  }

  function done(code: Code): State | undefined {
    effects.exit('citationNarrative');
    return ok(code);
  }
}

/** ` [p. 3; @b]` after a narrative key: spaces/tabs with at most one line ending, then a bracket. */
function tokenizeBareLocator(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this;
  let lineEndings = 0;
  let contentStart = self.now();
  let contentEnd = self.now();
  const referenceAhead = createReferenceAhead(ownLabel, self);
  return start;

  function start(code: Code): State | undefined {
    if (markdownSpace(code) || markdownLineEnding(code)) {
      effects.enter('citationWhitespace');
      return whitespace(code);
    }
    return open(code);
  }

  function whitespace(code: Code): State | undefined {
    if (markdownSpace(code) || (markdownLineEnding(code) && lineEndings++ === 0)) {
      effects.consume(code);
      return whitespace;
    }
    effects.exit('citationWhitespace');
    return open(code);
  }

  function open(code: Code): State | undefined {
    if (code !== codes.leftSquareBracket) return nok(code);
    effects.enter('citationMarker');
    effects.consume(code);
    effects.exit('citationMarker');
    contentStart = self.now();
    return notCaret;
  }

  function notCaret(code: Code): State | undefined {
    // `@a [^1]` is a citation followed by a footnote call.
    if (code === codes.caret) return nok(code);
    return factoryBracket(effects, self, close, nok, true, (end) => (contentEnd = end))(code);
  }

  function close(code: Code): State | undefined {
    return afterBracket(effects, referenceAhead, self, ownLabel, ok, nok)(code);
  }

  function ownLabel(): string {
    return self.sliceSerialize({ start: contentStart, end: contentEnd });
  }
}

/**
 * micromark extension for Pandoc citations (`[see @a, p. 3; -@b]`, `@a [p. 3]`).
 * Pair with {@link citationFromMarkdown} to get `citation` nodes.
 */
export function citationSyntax(): Extension {
  return {
    text: {
      [codes.leftSquareBracket]: parenthetical,
      [codes.atSign]: narrative,
    },
  };
}
