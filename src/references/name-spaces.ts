/**
 * No-break spaces in names in reference lists (kazakh.md: initials never apart from the
 * surname; the same in every language): "А.~Б.~Иванов", "Иванов~А.~Б.", "Smith, J.~A.",
 * Vancouver's "Smith~JA".
 * Applied to citeproc's output in format.ts. Here, not in typography/, so the reference
 * cache's code hash (disk-cache.ts) covers it.
 */
const NBSP = '\u00a0';
const INITIAL = '\\p{Lu}\\p{Ll}?\\.(?:-\\p{Lu}\\p{Ll}?\\.)?';
const initialBeforeInitial = new RegExp(`(^|[\\s(\u00a0,;/])(${INITIAL})[ ](?=${INITIAL})`, 'gu');

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * For one entry: no-break spaces inside a name's initials, and between the initials and
 * one of the entry's family names on either side. Only a space between initials and a
 * known family name changes, so the title after "Surname I. I." keeps its ordinary space.
 * The patterns are built once per entry, and only when a piece of its text has an initial.
 */
export function nameSpacer(families: readonly string[]): (text: string) => string {
  let patterns: [RegExp, RegExp] | null | undefined;
  return (text: string): string => {
    // Most pieces hold no initial at all.
    if (!/\p{Lu}\p{Ll}?\./u.test(text)) return text;
    let out = text.replace(initialBeforeInitial, `$1$2${NBSP}`).replace(initialBeforeInitial, `$1$2${NBSP}`);
    if (patterns === undefined) {
      const names = [...new Set(families.filter((f) => f.length > 0 && f.length < 80))].map(esc);
      const family = `(?:${names.join('|')})`;
      patterns = names.length > 0 ? [new RegExp(`(${INITIAL})[ ](?=${family}(?!\\p{L}))`, 'gu'), new RegExp(`((?:^|[^\\p{L}])${family})[ ](?=${INITIAL}|\\p{Lu}{1,3}(?!\\p{L}))`, 'gu')] : null;
    }
    if (patterns) out = out.replace(patterns[0], `$1${NBSP}`).replace(patterns[1], `$1${NBSP}`);
    return out;
  };
}
