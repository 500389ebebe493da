import { Injectable } from '@nestjs/common';
import type { PermissionsProvider, Principal } from 'nest-portcullis';

/** A permissions store the app owns: grants by user id, calls counted, outages on demand. */
@Injectable()
export class PermissionStore implements PermissionsProvider {
  readonly grants = new Map<string, string[]>();
  calls = 0;
  failing = false;

  async permissionsFor(principal: Principal): Promise<string[]> {
    this.calls += 1;
    if (this.failing) throw new Error('connection refused by the permissions database');
    return this.grants.get(principal.sub) ?? [];
  }
}
