import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { GREETING, TEXTBOOK_PERMISSION } from '../app-config';
import { Permissions } from './permissions.decorator';
import { PermissionsGuard } from './permissions.guard';

/** The protected route of the `textbook` workload, guarded the way the articles do it. */
@Controller()
export class TextbookController {
  @UseGuards(AuthGuard('jwt'), PermissionsGuard)
  @Permissions(TEXTBOOK_PERMISSION)
  @Get('protected')
  guarded(): typeof GREETING {
    return GREETING;
  }
}
