/**
 * Pandoc's fenced divs (`::: {.note}` … `:::`), read minimally: CommonMark knows no such
 * block, so remark leaves the fences as paragraph text, which would be printed. The fence
 * lines are taken out and what they enclose stays as it is; `::: {#refs}` leaves a
 * `referencesPlace` node, where the paper puts its reference list.
 */
import type { Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { Node } from 'unist';

export interface ReferencesPlace extends Node {
  type: 'referencesPlace';
}

declare module 'mdast' {
  interface BlockContentMap {
    referencesPlace: ReferencesPlace;
  }
  interface RootContentMap {
    referencesPlace: ReferencesPlace;
  }
}

const OPEN = /^:{3,}[ \t]*(\{[^}\n]*\}|[A-Za-z][\w-]*)[ \t]*:*[ \t]*$/;
const CLOSE = /^:{3,}[ \t]*$/;
const CONTAINERS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

/** remark plugin: fence lines out, `{#refs}` marked. */
export function remarkPandocDivs(): (tree: Root) => undefined {
  return (tree) => {
    walk(tree);
  };
}

function walk(node: { type: string; children?: RootContent[] }): void {
  if (!node.children) return;
  if (CONTAINERS.has(node.type)) node.children = node.children.flatMap((c) => (c.type === 'paragraph' ? unfence(c) : [c]));
  for (const c of node.children) if ('children' in c) walk(c as { type: string; children?: RootContent[] });
}

/** The paragraph without fence lines at its start or end, and a marker for `{#refs}`. */
function unfence(p: Paragraph): RootContent[] {
  const first = p.children[0];
  const last = p.children[p.children.length - 1];
  if (!(first?.type === 'text' && first.value.startsWith(':::')) && !(last?.type === 'text' && /(^|\n):{3,}[ \t]*$/.test(last.value))) return [p];
  const before: RootContent[] = [];
  let children: PhrasingContent[] = [...p.children];
  const head = children[0];
  if (head?.type === 'text') {
    const nl = head.value.indexOf('\n');
    const line = nl < 0 ? head.value : head.value.slice(0, nl);
    const open = OPEN.exec(line);
    if (open || CLOSE.test(line)) {
      if (open && /(^|[\s{])#refs\b/.test(open[1])) before.push({ type: 'referencesPlace', position: p.position });
      const rest = nl < 0 ? '' : head.value.slice(nl + 1);
      children = rest ? [{ ...head, value: rest }, ...children.slice(1)] : children.slice(1);
    }
  }
  const tail = children[children.length - 1];
  let after = false;
  if (tail?.type === 'text') {
    const nl = tail.value.lastIndexOf('\n');
    const line = tail.value.slice(nl + 1);
    if (CLOSE.test(line) && (nl >= 0 || children.length > 1)) {
      const rest = nl < 0 ? '' : tail.value.slice(0, nl);
      children = rest ? [...children.slice(0, -1), { ...tail, value: rest }] : children.slice(0, -1);
      after = true;
    } else if (CLOSE.test(line) && children.length === 1) {
      children = [];
      after = true;
    }
  }
  void after;
  if (children.length && children[children.length - 1].type === 'break') children.pop();
  return children.length ? [...before, { ...p, children }] : before;
}
