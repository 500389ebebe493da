import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { TestIssuer } from 'nest-portcullis/testing';
import { AppModule } from '../../../src/app.module';
import { configureDemoHttp } from '../../../src/infra/startup/configure-http';
import { serveDemoDocs } from '../../../src/infra/startup/openapi-docs';
import { startApp, type Platform } from '../../support/platforms';

/** The demo app serving its docs, and the document it serves. */
export interface DemoDocsApp {
  readonly app: INestApplication;
  readonly document: OpenAPIObject;
}

/** The demo on `platform`, trusting `issuer`, set up as `startDemo` sets it up (docs included). */
export async function startDemoWithDocs(
  platform: Platform,
  issuer: TestIssuer,
): Promise<DemoDocsApp> {
  let served: Promise<OpenAPIObject> | undefined;
  const app = await startApp(platform, {
    imports: [AppModule.register(issuer.moduleOptions(), { platform, queryCache: false })],
    configure: (created) => {
      configureDemoHttp(created);
      served = serveDemoDocs(created);
    },
  });
  try {
    if (served === undefined) throw new Error('configure did not run');
    return { app, document: await served };
  } catch (error) {
    await app.close();
    throw error;
  }
}
