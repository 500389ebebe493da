import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';

/** What a reader of one operation sees of Portcullis: who may call it, and how it refuses. */
export interface OperationSummary {
  readonly security: unknown;
  /** Status -> the `code`s its body may carry and the header it names ('-' for none). */
  readonly refusals: Record<string, string>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One refusal as `CODE|CODE header`, read through the document's own `allOf`. */
function refusalOf(response: ResponseObject): string {
  const schema = response.content?.['application/json']?.schema as
    { allOf?: { properties?: { code?: { enum?: string[] } } }[] } | undefined;
  const codes = schema?.allOf?.[1]?.properties?.code?.enum ?? [];
  const headers = Object.keys(response.headers ?? {});
  return `${codes.map((code) => code.replace('PORTCULLIS_', '')).join('|')} ${headers.join(',') || '-'}`;
}

/** Every operation of the document as `METHOD path` -> its summary. */
export function operationsOf(document: OpenAPIObject): Record<string, OperationSummary> {
  const summaries: Record<string, OperationSummary> = {};
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (operation === undefined) continue;
      const refusals: Record<string, string> = {};
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) refusals[status] = refusalOf(response as ResponseObject);
      }
      summaries[`${method.toUpperCase()} ${path}`] = { security: operation.security, refusals };
    }
  }
  return summaries;
}
