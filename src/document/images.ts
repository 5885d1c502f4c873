/** The image blocks of an issue, wherever they stand (body, lists, quotes, abstracts, notes): for the resolver that downsamples them and the painter that draws them. */
import type { Block, ImageBlock, Issue } from './model.js';

export function imageBlocks(issue: Issue): ImageBlock[] {
  const out: ImageBlock[] = [];
  const walk = (blocks: readonly Block[]) => {
    for (const b of blocks) {
      if (b.type === 'image') out.push(b);
      if (b.type === 'list') for (const item of b.items) walk(item.children);
      if (b.type === 'blockquote') walk(b.children);
    }
  };
  for (const a of issue.articles) {
    walk(a.body);
    walk(a.abstract ?? []);
    for (const n of a.notes) walk(n.children);
  }
  return out;
}
