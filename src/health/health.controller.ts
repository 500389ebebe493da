import { Controller, Get } from '@nestjs/common';
import { Public } from 'nest-portcullis';

/** `GET /health`: open to anyone, no token. */
@Controller('health')
export class HealthController {
  /** Always `{ status: 'ok' }` while the app serves. */
  @Public()
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
