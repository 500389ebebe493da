import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { RouteAudit } from 'nest-portcullis';
import { authOptionsFor } from './infra/config/auth-options';
import { DemoConfigError } from './infra/config/demo-config';
import { parseDemoConfig } from './infra/config/env-config';
import { curlExamples, TOKEN_CLI_HINT, walkthroughTokens } from './infra/startup/curl-examples';
import { startDemo } from './infra/startup/start-demo';

/** Starts the demo API: configuration, the development issuer if needed, the app, the banner. */
async function bootstrap(): Promise<void> {
  const config = parseDemoConfig(process.env);
  const { app, devIssuer } = await startDemo(config);

  const logger = new Logger('Demo');
  logger.log(`Routes:\n${app.get(RouteAudit).table()}`);
  const baseUrl = `http://localhost:${config.port}`;
  logger.log(`OpenAPI: the Swagger UI at ${baseUrl}/docs, the document at ${baseUrl}/docs-json`);
  if (config.auth.mode === 'issuer' || devIssuer === undefined) {
    logger.log(`Listening on ${baseUrl}, trusting tokens of ${authOptionsFor(config).issuer}`);
    return;
  }
  const tokens = walkthroughTokens(devIssuer.minter);
  console.log(
    [
      '',
      `Portcullis demo on ${baseUrl}, with the development issuer at ${devIssuer.issuer}`,
      '(set AUTH_ISSUER_URL and AUTH_AUDIENCE to trust a real one). Tokens valid for an hour:',
      '',
      curlExamples(baseUrl, tokens),
      '',
      TOKEN_CLI_HINT,
      '',
    ].join('\n'),
  );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof DemoConfigError) {
    console.error(`Cannot start the demo: ${error.message}`);
  } else {
    console.error('Cannot start the demo:', error);
  }
  process.exit(1);
});
