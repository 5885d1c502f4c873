/**
 * A template is an input: a design that cannot set text is refused at its own line with
 * exit 2, instead of building hundreds of pages of one letter each or crashing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** The sample issue with its journal template edited by `edit`. */
function project(edit: (yaml: string) => string, issueEdit?: (yaml: string) => string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'baspa-template-'));
  cpSync(path.join(ROOT, 'manuscripts'), path.join(root, 'manuscripts'), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(root, 'templates'), { recursive: true });
  const file = path.join(root, 'templates/journal/template.yaml');
  const yaml = readFileSync(file, 'utf8');
  const edited = edit(yaml);
  expect(edited).not.toBe(yaml);
  writeFileSync(file, edited);
  if (issueEdit) {
    const issue = path.join(root, 'manuscripts/issue.yaml');
    writeFileSync(issue, issueEdit(readFileSync(issue, 'utf8')));
  }
  return root;
}

function check(root: string) {
  const r = spawnSync('node', [path.join(ROOT, 'bin/baspa.js'), 'check', root], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, lines: r.stderr.trim().split('\n'), all: r.stdout + r.stderr };
}

const CASES: [string, (y: string) => string, RegExp][] = [
  ['margins wider than the page', (y) => y.replace(/inside: 20mm/, 'inside: 200mm'), /template\.yaml:\d+:\d+: error: The margins leave no text block .*\[template-geometry\]/],
  ['a 1000 mm gutter', (y) => y.replace(/gutter: 6mm/, 'gutter: 1000mm'), /template\.yaml:\d+:\d+: error: 2 columns with a 1000\.0 mm gutter leave 0\.0 mm a column.*\[template-geometry\]/],
  ['a 1 × 1 pt page', (y) => y.replace(/size: A4/, 'width: 1pt\n  height: 1pt'), /error: The page is 0\.4 mm × 0\.4 mm; a page is at least 50 × 50 mm \[template-page-size\]/],
  ['a leading of 0.0001 pt', (y) => y.replace(/body: +\{ size: 9\.5, leading: 12\.5/, 'body: { size: 9.5, leading: 0.0001'), /error: Style ‘body’ has a leading of 0\.0001 pt for 9\.5 pt type.*\[template-style\]/],
  ['a text file for a font', (y) => y.replace(/regular: "@expo-google-fonts\/literata\/400Regular\/Literata_400Regular\.ttf"/, 'regular: "./template.yaml"'), /error: ‘template\.yaml’ is not a font file .*\[template-font\]/],
  ['epubCss: ./', (y) => y.replace(/epubCss: .*/, 'epubCss: ./'), /error: epubCss: .* is a folder, not a file \[template-file\]/],
];

describe('templates that cannot set text', () => {
  for (const [name, edit, want] of CASES) {
    it(`refuses ${name} at its line, exit 2`, () => {
      const r = check(project(edit));
      expect(r.all).toMatch(want);
      expect(r.status).toBe(2);
      expect(r.all).not.toMatch(/\n\s+at /); // no stack trace
    });
  }

  it('refuses a template without labels for one of the issue’s languages, exit 2', () => {
    const r = check(project((y) => y.replace(/^  kk: \{ abstract: Аңдатпа.*\n/m, '')));
    expect(r.all).toMatch(/template\.yaml:\d+:\d+: error: Template ‘journal’ has no labels for kk \(add them under ‘labels’\) \[template-labels\]/);
    expect(r.status).toBe(2);
  });
});
