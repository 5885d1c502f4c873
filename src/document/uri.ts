/**
 * Link targets as valid URIs (RFC 3986), made once in resolve for both outputs: authors and
 * bibliographies write URLs with spaces, braces or SICI DOIs
 * (`10.1002/(SICI)1097-4636(199712)37:4<450::AID-JBM4>3.0.CO;2-O`), which EPUBCheck refuses
 * and PDF viewers mangle. The printed text keeps what was written; only the target changes.
 */

/** Characters a URI may hold as they are: unreserved, reserved and `%` (checked apart). */
const ALLOWED = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/;

export function encodeUri(url: string): string {
  const trimmed = url.trim();
  let out = '';
  let fragment = false;
  const schemeEnd = /^[a-z][a-z0-9+.-]*:(\/\/[^/?#]*)?/i.exec(trimmed)?.[0].length ?? 0;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(trimmed.slice(i + 1, i + 3))) out += c;
    // A second `#` cannot start a second fragment; brackets belong only to an IPv6 host.
    else if (c === '#' && fragment) out += '%23';
    else if ((c === '[' || c === ']') && i >= schemeEnd) out += c === '[' ? '%5B' : '%5D';
    else if (c !== '%' && ALLOWED.test(c)) {
      if (c === '#') fragment = true;
      out += c;
    } else {
      const cp = trimmed.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out += encodeURIComponent(String.fromCodePoint(cp)).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
    }
  }
  return out;
}
