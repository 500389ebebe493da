import { Module, type DynamicModule } from '@nestjs/common';
import { PortcullisModule } from 'nest-portcullis';
import { tokenCacheOption, type BenchAppConfig } from './app-config';
import { BenchController } from './bench.controller';

/** The app of the baseline, authentication, kid-flood and garbage workloads. */
@Module({})
export class PortcullisBenchModule {
  /** Portcullis pointed at the parent's test issuer, with the bench's cache and cooldown. */
  static forConfig(config: BenchAppConfig): DynamicModule {
    return {
      module: PortcullisBenchModule,
      imports: [
        PortcullisModule.forRoot({
          issuer: config.issuer,
          audience: config.audience,
          jwksUri: config.jwksUri,
          tokenCache: tokenCacheOption(config),
          keys: { cooldownSeconds: config.cooldownSeconds },
        }),
      ],
      controllers: [BenchController],
    };
  }
}
