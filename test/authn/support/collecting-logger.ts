import type { LoggerService } from '@nestjs/common';

/**
 * A Nest logger that keeps its warnings and errors as `warn <message>` / `error <message>`
 * lines, so a test can count what the library logged. Other levels are dropped.
 */
export class CollectingLogger implements LoggerService {
  readonly lines: string[] = [];

  log(): void {}
  debug(): void {}
  verbose(): void {}

  warn(message: unknown): void {
    this.lines.push(`warn ${String(message)}`);
  }

  error(message: unknown): void {
    this.lines.push(`error ${String(message)}`);
  }

  fatal(message: unknown): void {
    this.lines.push(`fatal ${String(message)}`);
  }

  /** The lines that contain `text`. */
  about(text: string): string[] {
    return this.lines.filter((line) => line.includes(text));
  }
}
