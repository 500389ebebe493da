import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { NestFactory } from '@nestjs/core';
import { AccessTokenAuthenticator, PortcullisModule } from 'nest-portcullis';
import { TestIssuer, type SigningAlgorithm } from 'nest-portcullis/testing';

// `node dist/bench/bench/verify-cost.js`: the CPU cost of one cold token, step by step, in
// this process with no HTTP around it: the bare signature check, jsonwebtoken with a
// parsed key and with PEM (what the textbook setup hands it), and Portcullis's whole
// authenticator (cache off). Where the HTTP workloads' extra cost per request comes from.

const TOKENS = 20_000;

type Step = (token: string) => unknown;

async function cpuMicrosPerToken(tokens: readonly string[], step: Step): Promise<number> {
  for (const token of tokens.slice(0, 2_000)) await step(token);
  const before = process.cpuUsage();
  for (const token of tokens) await step(token);
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / tokens.length;
}

function bareVerify(alg: SigningAlgorithm, key: KeyObject): Step {
  return (token) => {
    const dot = token.lastIndexOf('.');
    const signature = Buffer.from(token.slice(dot + 1), 'base64url');
    const options = alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
    return verify('sha256', Buffer.from(token.slice(0, dot)), options, signature);
  };
}

async function measure(issuer: TestIssuer, alg: 'RS256' | 'ES256'): Promise<void> {
  const tokens = Array.from({ length: TOKENS }, () =>
    issuer.mintAccessToken({}, { alg, expiresIn: 3600 }),
  );
  const jwk = issuer.jwks().keys.find((k) => k.kid === issuer.currentKid(alg))!;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const pem = key.export({ format: 'pem', type: 'spki' }) as string;
  // The module's own authenticator (the public way to get one): its init fetches the keys.
  const app = await NestFactory.createApplicationContext(
    PortcullisModule.forRoot(issuer.moduleOptions({ tokenCache: false })),
    { logger: false },
  );
  const authenticator = app.get(AccessTokenAuthenticator);
  const steps: Array<[string, Step]> = [
    ['crypto.verify (signature only)', bareVerify(alg, key)],
    ['jsonwebtoken.verify, KeyObject', (t) => jwt.verify(t, key, { algorithms: [alg] })],
    ['jsonwebtoken.verify, PEM (textbook)', (t) => jwt.verify(t, pem, { algorithms: [alg] })],
    ['Portcullis authenticate, cache off', (t) => authenticator.authenticate(t)],
  ];
  for (const [label, step] of steps) {
    const micros = await cpuMicrosPerToken(tokens, step);
    console.log(`${alg}  ${label.padEnd(36)} ${micros.toFixed(1).padStart(6)} us`);
  }
  await app.close();
}

async function main(): Promise<void> {
  // One issuer per algorithm: the RS256 loops keep the event loop busy for a while, and the
  // ES256 authenticator's first key fetch must not depend on a connection left from them.
  for (const alg of ['RS256', 'ES256'] as const) {
    const issuer = await TestIssuer.start({ algorithms: [alg] });
    try {
      await measure(issuer, alg);
    } finally {
      await issuer.stop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
