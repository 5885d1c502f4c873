import { describe, expect, it } from 'vitest';
import { CiteprocHtmlError, decodeEntities, parseCiteprocHtml } from '../../src/references/html.js';

describe('parseCiteprocHtml', () => {
  it('reads citeproc’s formatting tags as nested inlines', () => {
    expect(parseCiteprocHtml('A <i>b <b>c</b></i> d<sup>2</sup>H<sub>2</sub>O <span style="font-variant:small-caps;">Sc</span>').content).toEqual([
      { type: 'text', value: 'A ' },
      { type: 'emphasis', children: [{ type: 'text', value: 'b ' }] },
      { type: 'strong', children: [{ type: 'emphasis', children: [{ type: 'text', value: 'c' }] }] },
      { type: 'text', value: ' d' },
      { type: 'superscript', children: [{ type: 'text', value: '2' }] },
      { type: 'text', value: 'H' },
      { type: 'subscript', children: [{ type: 'text', value: '2' }] },
      { type: 'text', value: 'O ' },
      { type: 'smallcaps', children: [{ type: 'text', value: 'Sc' }] },
    ]);
  });

  it('turns flip-flopped italics (upright inside italic) into separate runs', () => {
    expect(parseCiteprocHtml('<i>On <span style="font-style:normal;">Nature</span> again</i>').content).toEqual([
      { type: 'emphasis', children: [{ type: 'text', value: 'On ' }] },
      { type: 'text', value: 'Nature' },
      { type: 'emphasis', children: [{ type: 'text', value: ' again' }] },
    ]);
  });

  it('decodes entities in text and links', () => {
    expect(parseCiteprocHtml('A &#38; B &#60;x&#62; &amp; &#x2013; &nbsp;<a href="https://x.org/?a=1&#38;b=2">link</a>').content).toEqual([
      { type: 'text', value: 'A & B <x> & – \u00a0' },
      { type: 'link', url: 'https://x.org/?a=1&b=2', children: [{ type: 'text', value: 'link' }] },
    ]);
    expect(decodeEntities('&#8220;q&#8221;')).toBe('“q”');
  });

  it('splits the label column off an entry and drops citeproc’s layout whitespace', () => {
    const html = '  <div class="csl-entry">\n    <div class="csl-left-margin">[1]</div><div class="csl-right-inline">Text <i>T</i>.</div>\n  </div>\n';
    expect(parseCiteprocHtml(html)).toEqual({
      label: [{ type: 'text', value: '[1]' }],
      content: [
        { type: 'text', value: 'Text ' },
        { type: 'emphasis', children: [{ type: 'text', value: 'T' }] },
        { type: 'text', value: '.' },
      ],
    });
  });

  it('keeps text as text: underline has no inline of its own', () => {
    expect(parseCiteprocHtml('<span style="text-decoration:underline;">u</span>').content).toEqual([{ type: 'text', value: 'u' }]);
  });

  it('refuses markup citeproc does not emit', () => {
    expect(() => parseCiteprocHtml('<script>x</script>')).toThrow(CiteprocHtmlError);
    expect(() => parseCiteprocHtml('<i>unclosed')).toThrow(/unclosed <i>/);
    expect(() => parseCiteprocHtml('<i>x</b>')).toThrow(/unbalanced/);
  });
});
