import { describe, expect, it } from 'vitest';
import { renderCover } from '../../src/render/epub/cover.js';
import { literataFonts } from '../fixtures/epub/issue.js';

const cover = async (journal: string): Promise<Buffer> =>
  Buffer.from(await renderCover({ journal, volumeNumber: 'Т. 3, № 2', year: '2024' }, literataFonts()));

describe('renderCover', () => {
  it('draws a 1600 × 2400 PNG, the same bytes every time', async () => {
    const png = await cover('Bulletin of Eurasian Humanities');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 2400]);
    expect(Buffer.compare(png, await cover('Bulletin of Eurasian Humanities'))).toBe(0);
  });

  it('draws the Kazakh letters with the template font (no system fonts to fall back on)', async () => {
    // A code point Literata lacks is drawn as the font's .notdef box; a letter the font has differs from it.
    const missing = await cover('\uE000');
    expect(Buffer.compare(missing, await cover(''))).not.toBe(0);
    for (const letter of 'ӘҒҚҢӨҰҮҺІәғқңөұүһі«»') {
      expect(Buffer.compare(await cover(letter), missing), letter).not.toBe(0);
    }
  });
});
