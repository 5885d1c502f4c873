/**
 * LaTeX in BibTeX field values → Unicode text. In rich mode the result carries the markup
 * CSL-JSON allows in fields (<i>, <b>, <sup>, <sub>, small caps and
 * <span class="nocase"> for case-protected braces), which citeproc-js reads; in plain mode
 * it is bare text. Unknown commands keep their arguments' text and are reported, so no
 * backslash, brace or dollar ever reaches the reference list.
 *
 * The caller bounds brace depth (bibtex-syntax.ts refuses fields nested deeper than
 * MAX_BRACE_DEPTH), so the recursion here is shallow.
 */
import type { Lang } from '../document/model.js';

export type LatexMode = 'rich' | 'plain';

export interface LatexOptions {
  mode: LatexMode;
  /** Picks the quotation marks \enquote prints. */
  lang?: string;
  /** Top-level braces protect case (titles): <span class="nocase"> in rich mode. */
  protectCase?: boolean;
}

export interface LatexResult {
  text: string;
  /** Commands that were not known: their arguments were kept, the command dropped. */
  unknown: string[];
}

const NBSP = '\u00a0';
const NNBSP = '\u202f';

/** Letters and symbols named by a control word (text mode). */
const WORDS: Record<string, string> = {
  aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', o: 'ø', O: 'Ø', ss: 'ß', SS: 'SS', l: 'ł', L: 'Ł',
  i: 'ı', j: 'ȷ', dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ', ij: 'ĳ', IJ: 'Ĳ',
  S: '§', P: '¶', dag: '†', ddag: '‡', copyright: '©', textcopyright: '©', pounds: '£', textsterling: '£',
  textregistered: '®', texttrademark: '™', ldots: '…', dots: '…', textellipsis: '…', cdots: '⋯',
  textendash: '–', textemdash: '—', textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“',
  textquotedblright: '”', textquotesingle: "'", textquotedbl: '"', textgrave: '`', textacutedbl: '˝', quotedblbase: '„', quotesinglbase: '‚', guillemotleft: '«', guillemotright: '»',
  guillemetleft: '«', guillemetright: '»', guilsinglleft: '‹', guilsinglright: '›', flqq: '«', frqq: '»',
  glqq: '„', grqq: '“', glq: '‚', grq: '‘', textbackslash: '\\', textasciitilde: '~', textasciicircum: '^',
  textunderscore: '_', textbar: '|', textless: '<', textgreater: '>', textdegree: '°', textperthousand: '‰',
  textsection: '§', textparagraph: '¶', textbullet: '•', textperiodcentered: '·', texteuro: '€', euro: '€',
  EUR: '€', textdollar: '$', textcent: '¢', textyen: '¥', textonehalf: '½', textonequarter: '¼',
  textthreequarters: '¾', textexclamdown: '¡', textquestiondown: '¿', textordfeminine: 'ª',
  textordmasculine: 'º', textmu: 'µ', textnumero: '№', textdagger: '†', textdaggerdbl: '‡',
  textbraceleft: '{', textbraceright: '}', textasteriskcentered: '*', textvisiblespace: '␣', textminus: '−',
  textpm: '±', texttimes: '×', textdiv: '÷', textonesuperior: '¹', texttwosuperior: '²',
  textthreesuperior: '³', textlangle: '⟨', textrangle: '⟩', textasciiacute: '´', textasciidieresis: '¨',
  textasciimacron: '¯', textbrokenbar: '¦', textcurrency: '¤', textlnot: '¬', textreferencemark: '※',
  textinterrobang: '‽', textdiscount: '⁒', textestimated: '℮', textcelsius: '℃', textohm: 'Ω', textmho: '℧',
  textleaf: '', checkmark: '✓', textsurd: '√', textdblhyphen: '=', textnaira: '₦', textwon: '₩',
  textlira: '₤', textpeso: '₱', textrecipe: '℞', textservicemark: '℠', textcircledP: '℗',
  textfractionsolidus: '⁄', textdownarrow: '↓', textuparrow: '↑', textleftarrow: '←', textrightarrow: '→',
  // Logos are written as their names, as pandoc prints them.
  TeX: 'TeX', LaTeX: 'LaTeX', LaTeXe: 'LaTeX2ε', BibTeX: 'BibTeX', BibLaTeX: 'BibLaTeX', biblatex: 'biblatex',
  XeTeX: 'XeTeX', XeLaTeX: 'XeLaTeX', LuaTeX: 'LuaTeX', LuaLaTeX: 'LuaLaTeX', pdfTeX: 'pdfTeX',
  pdfLaTeX: 'pdfLaTeX', ConTeXt: 'ConTeXt', AmS: 'AMS', AMS: 'AMS', AmSTeX: 'AMS-TeX', AMSTeX: 'AMS-TeX',
  METAFONT: 'METAFONT', MF: 'METAFONT', MP: 'MetaPost', SLiTeX: 'SLiTeX', eTeX: 'ε-TeX', ExTeX: 'ExTeX',
  LyX: 'LyX', PiCTeX: 'PiCTeX', BibTeXML: 'BibTeXML',
  // Spacing.
  quad: '\u2003', qquad: '\u2003\u2003', enspace: '\u2002', thinspace: NNBSP, enskip: '\u2002', space: ' ',
  nobreakspace: NBSP, textnbsp: NBSP, nobreak: '', newline: ' ', linebreak: ' ', par: ' ', newblock: ' ',
  break: ' ', allowbreak: '', hfill: ' ', hfil: ' ', relax: '', protect: '', null: '', empty: '',
  unskip: '', ignorespaces: '', leavevmode: '', noindent: '', indent: '', nolinebreak: '', smallskip: ' ',
  medskip: ' ', bigskip: ' ', xspace: '', frenchspacing: '', nonfrenchspacing: '', mbox: '', hbox: '',
  onedot: '.', slash: '/', textslash: '/', textfraction: '⁄', bibrangedash: '–', bibdatedash: '–',
  hyphen: '-', nbhyphen: '\u2011', textsubscript: '', textsuperscript: '', IeC: '', def: '', ensuremath: '', fontencoding: '',
  selectfont: '', today: '',
};

/** Symbols named by a control word in math mode (and a few that also work in text). */
const MATH_WORDS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', varkappa: 'ϰ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ',
  omicron: 'ο', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ',
  upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ',
  Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', digamma: 'ϝ',
  infty: '∞', pm: '±', mp: '∓', times: '×', div: '÷', cdot: '·', ast: '∗', star: '⋆', circ: '∘', bullet: '∙',
  leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼', simeq: '≃', cong: '≅',
  equiv: '≡', propto: '∝', ll: '≪', gg: '≫', prec: '≺', succ: '≻', partial: '∂', nabla: '∇', sum: '∑',
  prod: '∏', coprod: '∐', int: '∫', oint: '∮', iint: '∬', sqrt: '√', surd: '√', to: '→', rightarrow: '→',
  leftarrow: '←', gets: '←', leftrightarrow: '↔', Rightarrow: '⇒', Leftarrow: '⇐', Leftrightarrow: '⇔',
  mapsto: '↦', longrightarrow: '⟶', longleftarrow: '⟵', implies: '⟹', iff: '⟺', uparrow: '↑',
  downarrow: '↓', in: '∈', notin: '∉', ni: '∋', subset: '⊂', supset: '⊃', subseteq: '⊆', supseteq: '⊇',
  cup: '∪', cap: '∩', setminus: '∖', emptyset: '∅', varnothing: '∅', forall: '∀', exists: '∃', nexists: '∄',
  neg: '¬', lnot: '¬', land: '∧', wedge: '∧', lor: '∨', vee: '∨', oplus: '⊕', otimes: '⊗', odot: '⊙',
  perp: '⊥', parallel: '∥', mid: '∣', angle: '∠', triangle: '△', square: '□', Box: '□', Diamond: '◇',
  ell: 'ℓ', hbar: 'ℏ', hslash: 'ℏ', Re: 'ℜ', Im: 'ℑ', wp: '℘', aleph: 'ℵ', beth: 'ℶ', prime: '′',
  dagger: '†', ddagger: '‡', langle: '⟨', rangle: '⟩', lceil: '⌈', rceil: '⌉', lfloor: '⌊', rfloor: '⌋',
  vert: '|', Vert: '‖', lvert: '|', rvert: '|', lbrace: '{', rbrace: '}', backslash: '∖', colon: ':',
  cdotp: '·', ldotp: '.', vdots: '⋮', ddots: '⋱', top: '⊤', bot: '⊥', vdash: '⊢', models: '⊨',
  sharp: '♯', flat: '♭', natural: '♮', degree: '°', celsius: '℃', micro: 'µ', deg: 'deg', AA: 'Å',
  // Operator names print as words.
  log: 'log', ln: 'ln', lg: 'lg', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', cot: 'cot', sec: 'sec',
  csc: 'csc', arcsin: 'arcsin', arccos: 'arccos', arctan: 'arctan', sinh: 'sinh', cosh: 'cosh',
  tanh: 'tanh', coth: 'coth', max: 'max', min: 'min', sup: 'sup', inf: 'inf', lim: 'lim', liminf: 'lim inf',
  limsup: 'lim sup', det: 'det', arg: 'arg', dim: 'dim', ker: 'ker', hom: 'hom', gcd: 'gcd', Pr: 'Pr',
  // Sizing and spacing that print nothing.
  left: '', right: '', big: '', Big: '', bigg: '', Bigg: '', bigl: '', bigr: '', Bigl: '', Bigr: '',
  displaystyle: '', textstyle: '', scriptstyle: '', limits: '', nolimits: '', middle: '',
};

/** Accent commands → the combining mark they put on their argument. */
const ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331',
  t: '\u0361', G: '\u030f', h: '\u0309', f: '\u0311', U: '\u030e',
  // Math-mode accents.
  acute: '\u0301', grave: '\u0300', hat: '\u0302', widehat: '\u0302', ddot: '\u0308', tilde: '\u0303',
  widetilde: '\u0303', bar: '\u0304', overline: '\u0305', dot: '\u0307', breve: '\u0306', check: '\u030c',
  vec: '\u20d7', mathring: '\u030a', underline: '\u0332',
};

/** Control symbols (\ followed by a non-letter) that stand for a character. */
const SYMBOLS: Record<string, string> = {
  '&': '&', '%': '%', $: '$', '#': '#', _: '_', '{': '{', '}': '}', ' ': ' ', '\n': ' ', '\t': ' ',
  ',': NNBSP, ';': ' ', ':': ' ', '>': ' ', '!': '', '/': '', '-': '\u00ad', '@': '', '\\': ' ', '|': '‖',
};

/** Commands whose argument is formatted: the markup CSL-JSON knows. */
const FORMAT: Record<string, Markup> = {
  textit: 'i', emph: 'i', textsl: 'i', mathit: 'i', textbf: 'b', mathbf: 'b', boldsymbol: 'b', bm: 'b',
  textsc: 'sc', textsuperscript: 'sup', textsubscript: 'sub', mkbibemph: 'i', mkbibitalic: 'i',
  mkbibbold: 'b', mkbibsuperscript: 'sup', mkbibsubscript: 'sub',
};
/** Declarations that format the rest of their group: {\it …}, {\em …}, \bfseries. */
const DECLARATIONS: Record<string, Markup | 'none'> = {
  it: 'i', em: 'i', sl: 'i', itshape: 'i', slshape: 'i', bf: 'b', bfseries: 'b', sc: 'sc', scshape: 'sc',
  rm: 'none', sf: 'none', tt: 'none', normalfont: 'none', upshape: 'none', mdseries: 'none', rmfamily: 'none',
  sffamily: 'none', ttfamily: 'none', tiny: 'none', scriptsize: 'none', footnotesize: 'none', small: 'none',
  normalsize: 'none', large: 'none', Large: 'none', LARGE: 'none', huge: 'none', Huge: 'none',
  boldmath: 'none', unboldmath: 'none', cal: 'none', frak: 'none',
};
/** Commands whose argument is printed as it is. */
const TRANSPARENT = new Set([
  'mbox', 'hbox', 'text', 'textrm', 'textsf', 'texttt', 'textup', 'textmd', 'textnormal', 'mathrm',
  'mathsf', 'mathtt', 'mathnormal', 'operatorname', 'ensuremath', 'makebox', 'fbox', 'framebox',
  'uppercase', 'lowercase', 'MakeUppercase', 'MakeLowercase', 'MakeTextUppercase', 'MakeTextLowercase',
  'textcolor', 'colorbox', 'foreignlanguage', 'hyphenation', 'textenglish', 'textrussian', 'textkazakh',
  'textgerman', 'textfrench', 'textlatin', 'textgreek', 'textcyrillic', 'mkbibquote', 'NoCaseChange',
  'nocase', 'protect', 'IeC', 'url', 'nolinkurl', 'path', 'detokenize', 'unexpanded', 'bibstring',
  'mathcal', 'mathscr', 'mathfrak', 'mathbb', 'mathbbm', 'mathds', 'pkg', 'cls', 'cmd', 'env', 'acro',
  'acronym', 'ac', 'abbr', 'name', 'person', 'lang', 'Hologo', 'hologo', 'MakeCapital', 'mbox',
]);
/** Commands whose arguments are dropped (sorting hints, spacing, notes, colours). */
const DROP_ARGS: Record<string, number> = {
  noopsort: 1, sortnoop: 1, SortNoop: 1, noop: 1, hspace: 1, vspace: 1, 'hspace*': 1, 'vspace*': 1,
  phantom: 1, hphantom: 1, vphantom: 1, label: 1, index: 1, cite: 1, citep: 1, citet: 1, footnote: 1,
  footnotemark: 0, color: 1, selectlanguage: 1, ref: 1, pageref: 1, kern: 0, hskip: 0, vskip: 0,
  setlength: 2, addtolength: 2, rule: 2, raisebox: 1, fontsize: 2, usefont: 4, fontfamily: 1,
  fontseries: 1, fontshape: 1, includegraphics: 1, bibinfo: 1,
};
/** Double-struck capitals for \mathbb. */
const DOUBLE_STRUCK: Record<string, string> = { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' };
const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺',
  '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ',
};
const SUBSCRIPTS: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊',
  '-': '₋', '=': '₌', '(': '₍', ')': '₎',
};

type Markup = 'i' | 'b' | 'sc' | 'sup' | 'sub' | 'nocase';
const OPEN: Record<Markup, string> = {
  i: '<i>', b: '<b>', sc: '<span style="font-variant:small-caps;">', sup: '<sup>', sub: '<sub>',
  nocase: '<span class="nocase">',
};
const CLOSE: Record<Markup, string> = { i: '</i>', b: '</b>', sc: '</span>', sup: '</sup>', sub: '</sub>', nocase: '</span>' };

/** Quotation marks \enquote prints: outer and inner, by language. */
const QUOTES: Record<string, [string, string, string, string]> = {
  en: ['“', '”', '‘', '’'],
  ru: ['«', '»', '„', '“'],
  kk: ['«', '»', '“', '”'],
  de: ['„', '“', '‚', '‘'],
  fr: ['«\u00a0', '\u00a0»', '“', '”'],
};

function quotesFor(lang: string | undefined): [string, string, string, string] {
  const primary = (lang ?? 'en').toLowerCase().split(/[-_]/)[0];
  return QUOTES[primary] ?? QUOTES.en;
}

const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/**
 * Converts one field value. `src` is the value as BibTeX delivers it: outer delimiters
 * removed, macros expanded, its braces balanced.
 */
export function latexToText(src: string, options: LatexOptions): LatexResult {
  const conv = new Converter(src, options);
  const out = conv.sequence(0, false, 0);
  let text = out;
  // TeX collapses runs of spaces; line ends in a field are spaces.
  text = text.replace(/[ \t\r\n]+/g, ' ').trim();
  if (options.mode === 'plain') text = text.replace(/<[^>]*>/g, '');
  // citeproc-js reads a ’ right after a tag as an opening quote and then prints the tags
  // raw ("<span class="nocase">’t Hooft’s</span>"): put the apostrophe before the tag.
  else text = text.replace(/((?:<(?:i|b|sup|sub|span[^>]*)>)+)’/g, '’$1');
  return { text: text.normalize('NFC'), unknown: conv.unknown };
}

/** Lang tag type re-exported for callers that pass the entry's language. */
export type { Lang };

class Converter {
  pos = 0;
  readonly unknown: string[] = [];
  private readonly rich: boolean;
  private readonly quotes: [string, string, string, string];
  constructor(
    private readonly src: string,
    private readonly options: LatexOptions,
  ) {
    this.rich = options.mode === 'rich';
    this.quotes = quotesFor(options.lang);
  }

  private open(m: Markup): string {
    return this.rich ? OPEN[m] : '';
  }
  private close(m: Markup): string {
    return this.rich ? CLOSE[m] : '';
  }

  /**
   * Reads until the end of the input or the '}' closing the current group (consumed).
   * `math`: inside $…$. `depth`: brace depth (1 = a top-level group of the field).
   */
  sequence(depth: number, math: boolean, _level: number, stopAt?: string): string {
    const s = this.src;
    let out = '';
    // Declarations ({\it …}) close at the end of their group.
    const declared: Markup[] = [];
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (stopAt !== undefined && s.startsWith(stopAt, this.pos)) {
        this.pos += stopAt.length;
        break;
      }
      if (c === '}') {
        this.pos++;
        if (depth > 0) break;
        continue; // a stray '}' (the caller checks balance): print nothing
      }
      if (c === '{') {
        this.pos++;
        out += this.group(depth + 1, math);
        continue;
      }
      if (c === '\\') {
        const r = this.command(depth, math);
        if (typeof r === 'string') out += r;
        else {
          // A declaration: format the rest of this group.
          if (r.declare !== 'none') {
            out += this.open(r.declare);
            declared.push(r.declare);
          }
        }
        continue;
      }
      if (c === '$') {
        if (math) {
          // The closing '$' of inline math is handled by the caller's stopAt.
          this.pos++;
          continue;
        }
        const display = s[this.pos + 1] === '$';
        this.pos += display ? 2 : 1;
        out += this.math(display ? '$$' : '$', depth);
        continue;
      }
      if (math && (c === '^' || c === '_')) {
        this.pos++;
        out += this.script(c === '^' ? 'sup' : 'sub', depth);
        continue;
      }
      if (c === '~') {
        this.pos++;
        out += NBSP;
        continue;
      }
      if (!math) {
        if (c === '-' && s[this.pos + 1] === '-') {
          const em = s[this.pos + 2] === '-';
          this.pos += em ? 3 : 2;
          out += em ? '—' : '–';
          continue;
        }
        if (c === '`') {
          const dbl = s[this.pos + 1] === '`';
          this.pos += dbl ? 2 : 1;
          out += dbl ? '“' : '‘';
          continue;
        }
        if (c === "'") {
          const dbl = s[this.pos + 1] === "'";
          this.pos += dbl ? 2 : 1;
          out += dbl ? '”' : '’';
          continue;
        }
        if (c === '!' && s[this.pos + 1] === '`') {
          this.pos += 2;
          out += '¡';
          continue;
        }
        if (c === '?' && s[this.pos + 1] === '`') {
          this.pos += 2;
          out += '¿';
          continue;
        }
        if (c === '<' && s[this.pos + 1] === '<') {
          this.pos += 2;
          out += '«';
          continue;
        }
        if (c === '>' && s[this.pos + 1] === '>') {
          this.pos += 2;
          out += '»';
          continue;
        }
      } else if (c === "'") {
        this.pos++;
        out += '′';
        continue;
      }
      out += c;
      this.pos++;
    }
    for (let i = declared.length - 1; i >= 0; i--) out += this.close(declared[i]);
    return out;
  }

  /** A brace group, the '{' consumed. */
  private group(depth: number, math: boolean): string {
    const s = this.src;
    // BibTeX's "special character": {\"O} at the top level is a letter, not case protection.
    const special = depth === 1 && s[this.pos] === '\\' && !/^\\(?:it|em|bf|sc|sl|tt|rm|sf|textit|textbf|emph|textsc)\b/.test(s.slice(this.pos, this.pos + 10));
    const inner = this.sequence(depth, math, 0);
    if (!math && depth === 1 && this.options.protectCase && !special && inner !== '') {
      return this.open('nocase') + inner + this.close('nocase');
    }
    return inner;
  }

  /** Inline math, the opening delimiter consumed; ends at `close`. */
  private math(close: string, depth: number): string {
    const inner = this.sequence(depth, true, 0, close);
    // Math is not title-cased.
    return this.options.protectCase && inner !== '' ? this.open('nocase') + inner + this.close('nocase') : inner;
  }

  /** ^x, ^{…}, _x, _{…} in math. */
  private script(kind: 'sup' | 'sub', depth: number): string {
    const arg = this.argument(depth, true);
    const table = kind === 'sup' ? SUPERSCRIPTS : SUBSCRIPTS;
    if (!this.rich) {
      const chars = [...arg];
      if (chars.length > 0 && chars.every((ch) => table[ch])) return chars.map((ch) => table[ch]).join('');
      return arg;
    }
    return arg === '' ? '' : this.open(kind) + arg + this.close(kind);
  }

  /** The next argument: a group's text, a command's output, or one character. Skips spaces first. */
  private argument(depth: number, math: boolean): string {
    const s = this.src;
    while (this.pos < s.length && /\s/.test(s[this.pos])) this.pos++;
    if (this.pos >= s.length) return '';
    const c = s[this.pos];
    if (c === '{') {
      this.pos++;
      return this.sequence(depth + 1, math, 0);
    }
    if (c === '\\') {
      const r = this.command(depth, math);
      return typeof r === 'string' ? r : '';
    }
    if (c === '}') return '';
    // One character (a whole surrogate pair).
    const cp = s.codePointAt(this.pos)!;
    const ch = String.fromCodePoint(cp);
    this.pos += ch.length;
    return ch;
  }

  /** An optional [..] argument: skipped. */
  private skipOptional(): void {
    const s = this.src;
    let p = this.pos;
    while (p < s.length && s[p] === ' ') p++;
    if (s[p] !== '[') return;
    const end = s.indexOf(']', p);
    if (end > 0) this.pos = end + 1;
  }

  /** A raw group's text, for \url and \href targets. */
  private rawArgument(): string {
    const s = this.src;
    while (this.pos < s.length && /\s/.test(s[this.pos])) this.pos++;
    if (s[this.pos] !== '{') return '';
    let depth = 0;
    const start = this.pos + 1;
    for (; this.pos < s.length; this.pos++) {
      if (s[this.pos] === '{') depth++;
      else if (s[this.pos] === '}' && --depth === 0) break;
    }
    const text = s.slice(start, this.pos);
    this.pos++;
    return text.replace(/\\([_%#&~$])/g, '$1');
  }

  /** A command at this.pos ('\\'). Returns its text, or a declaration to apply. */
  private command(depth: number, math: boolean): string | { declare: Markup | 'none' } {
    const s = this.src;
    this.pos++; // '\'
    if (this.pos >= s.length) return '';
    let name: string;
    if (isLetter(s[this.pos])) {
      const start = this.pos;
      while (this.pos < s.length && isLetter(s[this.pos])) this.pos++;
      name = s.slice(start, this.pos);
      if (s[this.pos] === '*') {
        name += '*';
        this.pos++;
      }
    } else {
      name = s[this.pos];
      this.pos++;
      if (name === '(') return this.math('\\)', depth);
      if (name === '[') return this.math('\\]', depth);
      if (name in ACCENTS) return this.accent(name, depth, math);
      return SYMBOLS[name] ?? name;
    }
    const bare = name.endsWith('*') ? name.slice(0, -1) : name;
    // A control word eats the spaces after it.
    const skipSpaces = (): void => {
      while (this.pos < s.length && (s[this.pos] === ' ' || s[this.pos] === '\n' || s[this.pos] === '\t' || s[this.pos] === '\r')) this.pos++;
    };

    if (bare === 'enquote' || bare === 'mkbibquote' || bare === 'textquote') {
      const inner = name.endsWith('*') ? [this.quotes[2], this.quotes[3]] : [this.quotes[0], this.quotes[1]];
      const arg = this.argument(depth, math);
      return inner[0] + arg + inner[1];
    }
    if (bare in ACCENTS && bare.length <= 1) return this.accent(bare, depth, math);
    if (math && bare in ACCENTS) return this.accent(bare, depth, math);
    if (bare in FORMAT) {
      const m = FORMAT[bare];
      const arg = this.argument(depth, math);
      return arg === '' ? '' : this.open(m) + arg + this.close(m);
    }
    if (bare === 'mathbb' || bare === 'mathbbm' || bare === 'mathds') {
      const arg = this.argument(depth, math);
      return [...arg].map((ch) => DOUBLE_STRUCK[ch] ?? ch).join('');
    }
    if (bare === 'frac' || bare === 'dfrac' || bare === 'tfrac') {
      const a = this.argument(depth, math);
      const b = this.argument(depth, math);
      return `${a}/${b}`;
    }
    if (bare === 'sqrt') {
      this.skipOptional();
      return '√' + this.argument(depth, math);
    }
    if (bare === 'href') {
      this.rawArgument();
      return this.argument(depth, math);
    }
    if (bare === 'url' || bare === 'nolinkurl' || bare === 'path') return this.rawArgument();
    if (bare === 'verb') {
      // \verb|…|: up to the same delimiter, as written.
      const delim = s[this.pos];
      const end = delim ? s.indexOf(delim, this.pos + 1) : -1;
      if (end < 0) return '';
      const raw = s.slice(this.pos + 1, end);
      this.pos = end + 1;
      return raw;
    }
    if (bare === 'textcolor' || bare === 'colorbox' || bare === 'foreignlanguage') {
      this.skipOptional();
      this.rawArgument();
      return this.argument(depth, math);
    }
    if (bare === 'makebox' || bare === 'framebox') {
      this.skipOptional();
      this.skipOptional();
      return this.argument(depth, math);
    }
    if (bare === 'uppercase' || bare === 'MakeUppercase' || bare === 'MakeTextUppercase') return this.argument(depth, math).toUpperCase();
    if (bare === 'lowercase' || bare === 'MakeLowercase' || bare === 'MakeTextLowercase') return this.argument(depth, math).toLowerCase();
    if (TRANSPARENT.has(bare)) {
      this.skipOptional();
      return this.argument(depth, math);
    }
    if (bare in DROP_ARGS) {
      this.skipOptional();
      for (let n = 0; n < DROP_ARGS[bare]; n++) this.rawArgument();
      return bare.startsWith('hspace') ? ' ' : '';
    }
    if (bare in DECLARATIONS) {
      skipSpaces();
      return { declare: DECLARATIONS[bare] };
    }
    if (bare === 'char') {
      const m = /^\s*(?:"([0-9A-Fa-f]+)|'([0-7]+)|`(.)|(\d+))/.exec(s.slice(this.pos, this.pos + 12));
      if (m) {
        this.pos += m[0].length;
        if (m[3]) return m[3];
        const code = m[1] ? parseInt(m[1], 16) : m[2] ? parseInt(m[2], 8) : parseInt(m[4], 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return '';
    }
    if (math && bare in MATH_WORDS) {
      skipSpaces();
      return MATH_WORDS[bare];
    }
    if (bare in WORDS) {
      skipSpaces();
      // \TeX{} and \ss{}: an empty group after a symbol ends the word, nothing more.
      if (s.startsWith('{}', this.pos)) this.pos += 2;
      return WORDS[bare];
    }
    if (bare in MATH_WORDS) {
      // Greek and symbols written without $…$: print them anyway.
      skipSpaces();
      return MATH_WORDS[bare];
    }
    if (bare === 'begin' || bare === 'end') {
      this.rawArgument();
      return ' ';
    }
    // Unknown: drop the command, keep its arguments' text.
    this.unknown.push('\\' + name);
    skipSpaces();
    let out = '';
    this.skipOptional();
    while (s[this.pos] === '{') {
      this.pos++;
      out += this.sequence(depth + 1, math, 0);
    }
    return out;
  }

  /** An accent command; its argument is the next letter, {letter}, {\i} or \i. */
  private accent(name: string, depth: number, math: boolean): string {
    const mark = ACCENTS[name];
    const arg = this.argument(depth, math);
    if (arg === '') return mark.trim() === '' ? '' : ({ '\u0308': '¨', '\u0301': '´', '\u0300': '`', '\u0302': '^', '\u0303': '~' } as Record<string, string>)[mark] ?? '';
    // Dotless i and j take the accent as i and j do.
    const chars = [...arg];
    let base = chars[0];
    if (base === 'ı') base = 'i';
    if (base === 'ȷ') base = 'j';
    // A tie accent joins two letters.
    if (name === 't' && chars.length >= 2) return base + mark + chars.slice(1).join('');
    return (base + mark).normalize('NFC') + chars.slice(1).join('');
  }
}

/** Verbatim fields (url, doi, eprint, file): braces removed, TeX escapes undone, nothing else. */
export function verbatimText(src: string): string {
  let t = src.replace(/\\url\s*\{([^{}]*)\}/g, '$1');
  t = t.replace(/\\(?:textunderscore|_)(?:\{\})?/g, '_');
  t = t.replace(/\\textasciitilde(?:\{\})?|\\~\{\}|\\~/g, '~');
  t = t.replace(/\\([%#&$])/g, '$1');
  t = t.replace(/[{}]/g, '');
  return t.trim();
}
