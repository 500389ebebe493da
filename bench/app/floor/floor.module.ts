import {
  Controller,
  Get,
  Injectable,
  Module,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type DynamicModule,
  type ExecutionContext,
} from '@nestjs/common';
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { GREETING, type BenchAppConfig } from '../app-config';

/** The keys of the parent's issuer by `kid`, parsed once at boot. */
type Keys = ReadonlyMap<string, KeyObject>;

/** What the guard reads, set once by {@link FloorModule.forConfig} (one app per process). */
const floor: { keys: Keys; config: BenchAppConfig | undefined } = {
  keys: new Map(),
  config: undefined,
};

/**
 * The floor of the `floor` workloads: the least a guard that verifies each token with
 * jsonwebtoken (the verifier inside passport-jwt) can do. The header is read with no RFC 6750
 * checks, the key is a parsed `KeyObject` found by `kid`, and `jsonwebtoken.verify` checks
 * the signature, algorithm, issuer, audience and times; no claim rules, no principal, no
 * cache, no passport. Never part of the library: it shows what part of a cold token's cost
 * no passport-jwt based guard can remove.
 */
@Injectable()
class FloorGuard implements CanActivate {
  private readonly keys: Keys = floor.keys;
  private readonly config: BenchAppConfig = floor.config as BenchAppConfig;

  canActivate(context: ExecutionContext): boolean {
    const request = context.getArgByIndex<{ headers: Record<string, string | undefined> }>(0);
    const header = request.headers.authorization ?? '';
    const token = header.slice(7);
    const kid = (jwt.decode(token, { complete: true })?.header.kid ?? '') as string;
    const key = this.keys.get(kid);
    if (key === undefined) throw new UnauthorizedException();
    try {
      jwt.verify(token, key, {
        algorithms: ['RS256', 'ES256'],
        issuer: this.config.issuer,
        audience: this.config.audience,
      });
    } catch {
      throw new UnauthorizedException();
    }
    return true;
  }
}

@Controller()
class FloorController {
  @UseGuards(FloorGuard)
  @Get('protected')
  guarded(): typeof GREETING {
    return GREETING;
  }
}

async function fetchKeys(jwksUri: string): Promise<Keys> {
  const response = await fetch(jwksUri);
  const { keys } = (await response.json()) as { keys: (JsonWebKey & { kid: string })[] };
  return new Map(keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]));
}

/** The floor app pointed at the parent's test issuer. */
@Module({})
export class FloorModule {
  static async forConfig(config: BenchAppConfig): Promise<DynamicModule> {
    floor.keys = await fetchKeys(config.jwksUri);
    floor.config = config;
    return { module: FloorModule, controllers: [FloorController], providers: [FloorGuard] };
  }
}
