// Validates the OpenAPI document read from stdin with @seriousme/openapi-schema-validator
// (the OpenAPI Initiative's JSON schemas, checked by Ajv), and prints the verdict as JSON.
// A separate process: the validator is ESM-only and reads its schemas through import.meta,
// which Jest's CommonJS runtime cannot give it.
import { Validator } from '@seriousme/openapi-schema-validator';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const validator = new Validator();
const result = await validator.validate(JSON.parse(input));
process.stdout.write(
  JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? [] }),
);
