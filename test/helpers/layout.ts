/** An issue under `root` loaded, resolved and laid out, for tests that inspect positioned pages. */
import { expect } from 'vitest';
import type { Issue } from '../../src/document/model.js';
import type { Template } from '../../src/config/template.js';
import { layoutIssue } from '../../src/layout/index.js';
import type { LayoutResult } from '../../src/layout/types.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { prepareIssue } from '../../src/pipeline/build.js';

export async function laidOut(root: string, template?: string): Promise<{ issue: Issue; t: Template; layout: LayoutResult }> {
  const reporter = new Reporter();
  const { issue, template: t } = await prepareIssue({ root, out: '', formats: [], template }, reporter, {});
  expect(reporter.errors).toEqual([]);
  return { issue, t, layout: layoutIssue(issue, t) };
}
