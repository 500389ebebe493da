import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import { InvalidRequestException, valueExceedsDepth } from 'nest-portcullis';
import { DEMO_MAX_BODY_DEPTH } from '../startup/configure-http';

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
