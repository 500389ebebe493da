import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { PortcullisOptions } from './options/portcullis-options';

/**
 * `forRoot(options)` and `forRootAsync({ imports, inject, useFactory })`, generated.
 * The module is global: its guard protects every route of the application.
 */
export const {
  ConfigurableModuleClass: PortcullisConfigurableModule,
  MODULE_OPTIONS_TOKEN: PORTCULLIS_OPTIONS,
  OPTIONS_TYPE: PORTCULLIS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: PORTCULLIS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<PortcullisOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
