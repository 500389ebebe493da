import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import {
  DEFAULT_MAX_JSON_DEPTH,
  InvalidRequestException,
  valueExceedsDepth,
} from 'nest-portcullis';

/**
 * The deepest JSON body the demo reads (arrays and objects nested). Its bodies are 1 level
 * deep; past this a body would reach class-transformer's recursion, and a stack overflow.
 */
export const DEMO_MAX_BODY_DEPTH = DEFAULT_MAX_JSON_DEPTH;

/**
 * Nest's ValidationPipe, which first refuses a body nested past the demo's bound: the HTTP
 * server refuses one before parsing (`configureDemoHttp`), and this keeps the pipe safe where
 * the app runs without that setup, since class-transformer recurses into every level.
 */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && valueExceedsDepth(value, DEMO_MAX_BODY_DEPTH)) {
      throw new InvalidRequestException(
        `The request body nests deeper than ${DEMO_MAX_BODY_DEPTH} levels.`,
      );
    }
    return super.transform(value, metadata);
  }
}

/**
 * Nest's ValidationPipe as the demo uses it: unknown fields are refused (400), bodies become
 * DTO instances, a body nested too deeply is refused (400) before it is transformed. The
 * validator and transformer are handed over by static import rather than left to the pipe's
 * dynamic `import()`, which Jest's CommonJS sandbox cannot run.
 */
export function demoValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validatorPackage: classValidator,
    transformerPackage: classTransformer,
  });
}
