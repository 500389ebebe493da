import type * as PortcullisTesting from 'nest-portcullis/testing';

/** Nest and what the library's module needs: what minting a token must not load. */
const NEST_PACKAGES = ['@nestjs/common', '@nestjs/core', '@nestjs/passport', 'passport-jwt'];

describe('the testing kit, without Nest', () => {
  afterAll(() => {
    for (const name of NEST_PACKAGES) jest.dontMock(name);
  });

  it('mints tokens and serves its keys without loading Nest; issuer.module() loads it', async () => {
    for (const name of NEST_PACKAGES) {
      jest.doMock(
        name,
        () => {
          throw new Error(`Cannot find module '${name}' (not loaded here)`);
        },
        { virtual: true },
      );
    }
    let kit: typeof PortcullisTesting | undefined;
    jest.isolateModules(() => {
      // The control: in this registry, Nest cannot be loaded.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh registry loads by require
      expect(() => require('@nestjs/common')).toThrow('not loaded here');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh registry loads by require
      kit = require('nest-portcullis/testing') as typeof PortcullisTesting;
    });
    const issuer = await kit!.TestIssuer.start();
    try {
      const token = issuer.mintAccessToken({ sub: 'alice' });
      const jwks = (await (await fetch(issuer.jwksUri)).json()) as { keys: Array<{ kid: string }> };
      const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as {
        kid: string;
      };
      expect(jwks.keys.map((key) => key.kid)).toContain(header.kid);
      // The one part of the kit that needs Nest asks for it when called.
      expect(() => issuer.module()).toThrow('not loaded here');
    } finally {
      await issuer.stop();
    }
  });
});
