import type { LoggerService } from '@nestjs/common';

/** One line a Nest logger was asked to write. */
export interface LoggedLine {
  readonly level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  /** The message and the extra arguments (stack, context), joined by spaces. */
  readonly text: string;
  /** The message alone. */
  readonly message: string;
}

/**
 * A Nest logger that keeps every line, all levels enabled (debug included), so a test can read
 * what an operator would. Install it with `app.useLogger(logger)`.
 */
export class CollectingLogger implements LoggerService {
  readonly lines: LoggedLine[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.keep('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.keep('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.keep('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.keep('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.keep('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.keep('fatal', message, rest);
  }

  /** Everything written, one string per line asked for (message and extra arguments). */
  texts(): string[] {
    return this.lines.map((line) => line.text);
  }

  /** Warnings, errors and fatal lines as `<level> <message>`: what an operator is alerted to. */
  problems(): string[] {
    return this.lines
      .filter(({ level }) => level === 'warn' || level === 'error' || level === 'fatal')
      .map(({ level, message }) => `${level} ${message}`);
  }

  /** The {@link problems} that contain `text`. */
  about(text: string): string[] {
    return this.problems().filter((line) => line.includes(text));
  }

  clear(): void {
    this.lines.length = 0;
  }

  private keep(level: LoggedLine['level'], message: unknown, rest: unknown[]): void {
    const parts = [message, ...rest].map((part) =>
      part instanceof Error ? (part.stack ?? part.message) : String(part),
    );
    this.lines.push({ level, text: parts.join(' '), message: parts[0] });
  }
}
