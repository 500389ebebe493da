import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The validator's verdict on a document. */
export interface OpenApiVerdict {
  readonly valid: boolean;
  /** The OpenAPI version the validator checked against (`3.1`). */
  readonly version: string;
  readonly errors: readonly unknown[];
}

/** Runs `validate-openapi.mjs` on `document` in a child Node process. */
export function validateOpenApi(document: unknown): Promise<OpenApiVerdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'validate-openapi.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the validator exited with ${code}`));
      else resolve(JSON.parse(output) as OpenApiVerdict);
    });
    child.stdin.end(JSON.stringify(document));
  });
}
