/**
 * micromark syntax extension for raw TeX pasted into Markdown: a `text` construct at `\`
 * that takes `\name` (letters, an optional `*`) as one `texCommand` token, with the
 * `[…]`/`{…}` groups of the commands whose arguments are not text read verbatim (URLs,
 * citation keys, labels, environment names), so that GFM does not auto-link `\url{…}`
 * with its `}` and `_` in a key is not emphasis. Groups of text arguments (`\emph{…}`)
 * stay Markdown; transform.ts gathers them.
 *
 * It runs before CommonMark's character escape, for the control symbols TeX gives a
 * meaning the escape would lose: `\,` (thin space), `\ ` (a space) and `\\` followed by a
 * space or the end of the line (a line break). `\%`, `\&`, `\_`, `\#`, `\$` are left to the
 * escape, which prints the same character; `\$` is taken, and printed as `$`. Math (`\begin{equation}` …) is not taken here.
 */
import { asciiAlpha, markdownLineEndingOrSpace } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import './types.js';

/** How many optional `[…]` and verbatim `{…}` groups a command takes. */
const VERBATIM: Record<string, { options: number; args: number }> = {
  url: { options: 0, args: 1 },
  href: { options: 0, args: 1 },
  label: { options: 0, args: 1 },
  begin: { options: 0, args: 1 },
  end: { options: 0, args: 1 },
};
for (const c of ['cite', 'citep', 'citet', 'citealp', 'citealt', 'parencite', 'textcite', 'autocite', 'citeauthor', 'citeyear', 'nocite']) VERBATIM[c] = { options: 2, args: 1 };
for (const c of ['ref', 'autoref', 'eqref', 'cref', 'Cref', 'pageref', 'nameref']) VERBATIM[c] = { options: 0, args: 1 };

/** Environments of TeX math, left as they are for the math stage. */
export const MATH_ENVIRONMENTS = new Set(
  ['equation', 'align', 'alignat', 'eqnarray', 'gather', 'multline', 'flalign', 'displaymath', 'math', 'split', 'aligned', 'gathered', 'cases', 'matrix', 'pmatrix', 'bmatrix']
    .flatMap((e) => [e, `${e}*`]),
);

/** Longest verbatim group: a URL or a list of keys, never a paragraph. */
const MAX_GROUP = 2000;

const texCommand: Construct = { name: 'texCommand', tokenize: tokenizeTexCommand };

export function texSyntax(): Extension {
  return { text: { [codes.backslash]: texCommand } };
}

function tokenizeTexCommand(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let name = '';
  let spec: { options: number; args: number } | undefined;
  let options = 0;
  let args = 0;
  let depth = 0;
  let size = 0;
  let group = '';
  let close: number = codes.rightCurlyBrace;
  return start;

  function start(code: Code): State | undefined {
    if (code !== codes.backslash) return nok(code);
    effects.enter('texCommand');
    effects.consume(code);
    return afterSlash;
  }

  function afterSlash(code: Code): State | undefined {
    if (code !== null && asciiAlpha(code)) {
      effects.consume(code);
      name += String.fromCharCode(code);
      return inName;
    }
    // `\$` is taken too (and printed as `$`, as the escape would) so the math scan can
    // tell an escaped dollar from a delimiter.
    if (code === codes.comma || code === codes.space || code === codes.dollarSign) {
      effects.consume(code);
      return done;
    }
    if (code === codes.backslash) {
      effects.consume(code);
      return afterDoubleSlash;
    }
    return nok(code);
  }

  // `\\` is a line break only before a space or the end of a line: elsewhere it stays
  // Markdown's escaped backslash (a path such as `C:\\Users`).
  function afterDoubleSlash(code: Code): State | undefined {
    if (code === null || markdownLineEndingOrSpace(code)) return done(code);
    return nok(code);
  }

  function inName(code: Code): State | undefined {
    if (code !== null && asciiAlpha(code)) {
      effects.consume(code);
      name += String.fromCharCode(code);
      return inName;
    }
    spec = VERBATIM[name];
    if (code === codes.asterisk) {
      effects.consume(code);
      return spec ? groups : done;
    }
    return spec ? groups(code) : done(code);
  }

  function groups(code: Code): State | undefined {
    if (!spec) return done(code);
    if (code === codes.leftSquareBracket && options < spec.options && args === 0) {
      options++;
      close = codes.rightSquareBracket;
      return openGroup(code);
    }
    if (code === codes.leftCurlyBrace && args < spec.args) {
      args++;
      close = codes.rightCurlyBrace;
      return openGroup(code);
    }
    // A command whose verbatim argument is missing is still a command (warned later).
    return done(code);
  }

  function openGroup(code: Code): State | undefined {
    effects.consume(code);
    depth = 1;
    size = 0;
    group = '';
    return inGroup;
  }

  function inGroup(code: Code): State | undefined {
    // Verbatim groups keep to one line: an unclosed brace must not swallow a paragraph.
    if (code === null || code < 0 || ++size > MAX_GROUP) return nok(code);
    if (code === codes.leftCurlyBrace && close === codes.rightCurlyBrace) depth++;
    if (code === close && --depth === 0) {
      effects.consume(code);
      // Math is the math stage's: `\begin{equation}` is left as text.
      if ((name === 'begin' || name === 'end') && MATH_ENVIRONMENTS.has(group.trim())) return nok(code);
      return groups;
    }
    group += String.fromCharCode(code);
    effects.consume(code);
    return inGroup;
  }

  function done(code: Code): State | undefined {
    effects.exit('texCommand');
    return ok(code);
  }
}
