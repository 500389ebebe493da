import request from 'supertest';
import { PLATFORMS } from '../support/platforms';
import { ALL_SCOPES, DemoHarness, expectError } from './demo-harness';

// Issue 9: Auth0's RFC 9068 token profile drops `gty`, so a machine-to-machine token used to be
// taken for a user named `<client_id>@clients`: refused what the same service could do with
// an Auth0-profile token, and allowed to create notes it "owned". With the `auth0` preset,
// both profiles give the same client.

const N1 = { id: 'n1', ownerId: 'alice', text: 'Buy milk' };
const N2 = { id: 'n2', ownerId: 'bob', text: 'Call the bank' };
const SCOPE = ALL_SCOPES.join(' ');

/** The same M2M grant, as each Auth0 access token profile writes it. */
const PROFILES = {
  'Auth0 profile': {
    sub: 'svc@clients',
    azp: 'svc',
    client_id: undefined,
    gty: 'client-credentials',
  },
  'RFC 9068 profile': { sub: 'svc@clients', client_id: 'svc' },
} as const;

describe.each(PLATFORMS)(
  'demo with the auth0 preset: M2M tokens of both profiles, on %s',
  (platform) => {
    let demo: DemoHarness;

    beforeAll(async () => {
      demo = await DemoHarness.start(platform, { claims: 'auth0' });
    });
    afterAll(() => demo.stop());
    beforeEach(() => demo.reset());

    const send = (
      method: 'get' | 'post',
      path: string,
      profile: keyof typeof PROFILES,
      body?: object,
    ) => {
      const token = demo.issuer.mintAccessToken({ ...PROFILES[profile], scope: SCOPE });
      const server = request(demo.app.getHttpServer());
      const req = server[method](path).set('Authorization', `Bearer ${token}`);
      return body === undefined ? req : req.send(body);
    };

    describe.each(Object.keys(PROFILES) as Array<keyof typeof PROFILES>)('%s', (profile) => {
      it('is a client', async () => {
        const res = await send('get', '/me', profile);

        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ sub: 'svc@clients', kind: 'client' });
      });

      it('GET /users: 200, every user (the client rule of read:users)', async () => {
        const res = await send('get', '/users', profile);

        expect(res.status).toBe(200);
        expect((res.body as Array<{ id: string }>).map((u) => u.id)).toEqual([
          'alice',
          'bob',
          'carol',
        ]);
      });

      it('POST /notes: 403, nothing created (a client owns nothing)', async () => {
        const res = await send('post', '/notes', profile, { text: 'mine now' });

        expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
        expect(await demo.adminRead('/notes')).toEqual([N1, N2]);
      });
    });
  },
);
