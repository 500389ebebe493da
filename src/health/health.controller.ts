import { Controller, Get, UseGuards } from '@nestjs/common';
import { Public } from 'nest-portcullis';
import { JsonBodyGuard } from '../validation/json-body.guard';

/** `GET /health`: open to anyone, no token. */
@Controller('health')
@UseGuards(JsonBodyGuard)
export class HealthController {
  /** Always `{ status: 'ok' }` while the app serves. */
  @Public()
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
