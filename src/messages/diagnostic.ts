/**
 * Messages about the user's files. Every stage reports through these, never by throwing
 * a bare Error at the user: a message names `file:line:column`, a severity and a rule id,
 * the way unified's vfile messages do.
 */
import type { SourcePos } from '../document/model.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** One line of text for a person, without the position or rule. */
  message: string;
  /** Short stable id, e.g. `citation-unknown-key`. */
  rule: string;
  file: string;
  line: number;
  column: number;
}

/** Thrown to stop a stage when going on makes no sense; carries the messages so far. */
export class BuildError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'BuildError';
    this.diagnostics = diagnostics;
  }
}

/** Collects messages across stages; stages add to it and go on where they can. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  error(message: string, rule: string, at: Partial<SourcePos> & { file: string }): void {
    this.add('error', message, rule, at);
  }

  warn(message: string, rule: string, at: Partial<SourcePos> & { file: string }): void {
    this.add('warning', message, rule, at);
  }

  private add(severity: Severity, message: string, rule: string, at: Partial<SourcePos> & { file: string }): void {
    this.diagnostics.push({
      severity,
      // One line, always: a message is read in a terminal and grepped in CI logs.
      message: message.replace(/\s*\n\s*/g, ' ').trim(),
      rule,
      file: at.file,
      line: at.line ?? 1,
      column: at.column ?? 1,
    });
  }

  get errors(): Diagnostic[] {
    return this.diagnostics.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.diagnostics.filter((d) => d.severity === 'warning');
  }

  /** Stop here if anything so far is an error. */
  throwIfErrors(): void {
    if (this.errors.length > 0) throw new BuildError(this.diagnostics);
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]`;
}
