// nest-portcullis/openapi: the OpenAPI document from the decorators. A subpath of its own so
// that an app without @nestjs/swagger never loads it (this code only types against it).
export { applyPortcullisToOpenApi } from './apply-portcullis';
export type { PortcullisOpenApiOptions } from './apply-portcullis';
export type { PortcullisSchemeType } from './security-schemes';
