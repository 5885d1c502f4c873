/** The logical structure (tagged PDF) built as layout walks the document. */
import type { StructNode, StructRole } from './types.js';

export class Structure {
  readonly nodes: StructNode[] = [];
  add(role: StructRole, parent: number | null, extra: Partial<StructNode> = {}): number {
    this.nodes.push({ role, parent, ...extra });
    return this.nodes.length - 1;
  }
}
