/** mdast-util-from-markdown extension: `texCommand` tokens (syntax.ts) to `texCommand` nodes. */
import type { CompileContext, Extension, Token } from 'mdast-util-from-markdown';
import type { TexCommand } from './types.js';

/** Splits `\href{u}` or `\citep[p. 3]{a,b}` into name, star, options and arguments. */
export function readCommand(raw: string): Omit<TexCommand, 'type' | 'position'> {
  const head = /^\\([A-Za-z]+|[^A-Za-z])(\*?)/.exec(raw);
  const name = head ? head[1] : '';
  const options: string[] = [];
  const args: string[] = [];
  let i = head ? head[0].length : raw.length;
  while (i < raw.length) {
    const open = raw[i];
    const close = open === '[' ? ']' : '}';
    let depth = 0;
    let j = i;
    for (; j < raw.length; j++) {
      if (raw[j] === '{' && open === '{') depth++;
      else if (raw[j] === close && (open === '[' || --depth === 0)) break;
    }
    (open === '[' ? options : args).push(raw.slice(i + 1, j));
    i = j + 1;
  }
  return { name, star: !!head?.[2], options, args, raw, value: raw };
}

export function texFromMarkdown(): Extension {
  return {
    enter: {
      texCommand(this: CompileContext, token: Token): undefined {
        const node: TexCommand = { type: 'texCommand', name: '', star: false, options: [], args: [], raw: '', value: '' };
        this.enter(node, token);
      },
    },
    exit: {
      texCommand(this: CompileContext, token: Token): undefined {
        const node = this.stack[this.stack.length - 1] as TexCommand;
        Object.assign(node, readCommand(this.sliceSerialize(token)));
        this.exit(token);
      },
    },
  };
}
