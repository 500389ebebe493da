import { ValidationPipe } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';

/**
 * Nest's ValidationPipe as the demo uses it: unknown fields are refused (400), bodies become
 * DTO instances. The validator and transformer are handed over by static import rather than
 * left to the pipe's dynamic `import()`, which Jest's CommonJS sandbox cannot run.
 */
export function demoValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validatorPackage: classValidator,
    transformerPackage: classTransformer,
  });
}
