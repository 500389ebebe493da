import { Controller, Get } from '@nestjs/common';
import { Public } from 'nest-portcullis';
import { GREETING } from './app-config';

/** The two routes of the baseline and authentication workloads: same body, one open. */
@Controller()
export class BenchController {
  /** Workload `baseline`: no token needed. */
  @Public()
  @Get('public')
  open(): typeof GREETING {
    return GREETING;
  }

  /** Workloads `authn-*`, `kid-flood` and `garbage`: a valid access token needed. */
  @Get('protected')
  guarded(): typeof GREETING {
    return GREETING;
  }
}
