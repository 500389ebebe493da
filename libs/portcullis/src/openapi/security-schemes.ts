import { Logger } from '@nestjs/common';
import type { SecuritySchemeObject } from '@nestjs/swagger';
import { logSafe } from '../common/log-safe';
import type { FetchLimits } from '../token/bounded-fetch';
import { discoveryUrl } from '../token/oidc-discovery';
import { discoverFlows } from './issuer-flows';

/**
 * How the document says a token is had: `oauth2` with the flows the issuer's discovery
 * document lists, `openIdConnect` (the discovery URL; clients read the flows themselves),
 * `bearer` (an HTTP bearer token, pasted in), or `auto`: `oauth2` when discovery lists an
 * authorization code or client credentials flow, else `bearer`.
 */
export type PortcullisSchemeType = 'auto' | 'oauth2' | 'openIdConnect' | 'bearer';

/** What {@link securitySchemes} builds each issuer's scheme from. */
export interface SchemeSettings {
  readonly type: PortcullisSchemeType;
  readonly description: string | undefined;
  /** Every scope the routes use, each with its description ('' when none was given). */
  readonly scopes: Readonly<Record<string, string>>;
  readonly limits: FetchLimits;
}

const logger = new Logger('Portcullis');

/** The discovery document answered, and lists no flow an OpenAPI client can use. */
class NoFlowError extends Error {}

// Said in every scheme: an OpenAPI client must not offer a DPoP or mTLS-bound token here.
const BEARER_ONLY =
  'Sent as `Authorization: Bearer <token>`. Tokens bound to a key (DPoP, mutual TLS) are ' +
  'refused: Portcullis checks no proof of possession.';

function describeScheme(issuer: string, settings: SchemeSettings, pkce = false): string {
  if (settings.description !== undefined) return settings.description;
  const flows = pkce ? ' The authorization code flow takes a PKCE challenge (S256).' : '';
  return `An access token (JWT) issued by ${issuer}. ${BEARER_ONLY}${flows}`;
}

function bearer(issuer: string, settings: SchemeSettings): SecuritySchemeObject {
  return {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: describeScheme(issuer, settings),
  };
}

async function oauth2(issuer: string, settings: SchemeSettings): Promise<SecuritySchemeObject> {
  const { flows, pkce } = await discoverFlows(issuer, settings.limits);
  const names = Object.keys(flows) as (keyof typeof flows)[];
  if (names.length === 0) {
    throw new NoFlowError(
      `${discoveryUrl(issuer)} lists no authorization code or client credentials flow`,
    );
  }
  for (const name of names) flows[name] = { ...flows[name]!, scopes: { ...settings.scopes } };
  return { type: 'oauth2', description: describeScheme(issuer, settings, pkce), flows };
}

/** The security scheme of one trusted issuer. */
export async function securityScheme(
  issuer: string,
  settings: SchemeSettings,
): Promise<SecuritySchemeObject> {
  switch (settings.type) {
    case 'bearer':
      return bearer(issuer, settings);
    case 'openIdConnect':
      return {
        type: 'openIdConnect',
        openIdConnectUrl: discoveryUrl(issuer),
        description: describeScheme(issuer, settings),
      };
    case 'oauth2':
      return oauth2(issuer, settings);
    default:
      try {
        return await oauth2(issuer, settings);
      } catch (error) {
        // The document is still right without flows: a client pastes a token instead. An
        // issuer that lists none is no fault (a test or development issuer); one that cannot
        // be asked is worth a warning.
        const line = `OpenAPI: no OAuth 2.0 flow for ${logSafe(issuer)} (${logSafe(
          error instanceof Error ? error.message : error,
        )}); the document describes a bearer token instead`;
        if (error instanceof NoFlowError) logger.log(line);
        else logger.warn(line);
        return bearer(issuer, settings);
      }
  }
}
