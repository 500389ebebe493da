import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Authenticated, Can, CurrentAbility, definePolicy, permittedItems } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS, startApp } from '../support/platforms';
import type { AppAbility, User } from './support/app-policy';
import { answerOf, as } from './support/policy-app';
import { UsersRepository } from './support/repositories';

// Entra ID app-only tokens carry no `scp`: the application permissions granted to the client
// arrive in `roles`. The README's advice: a role that opts clients in (`appliesTo`) with rules
// of `scope: null`, on routes decided by the policy (a `@Scopes` route needs scopes, which
// such a token has none of unless `roles` are mapped as scopes too).

/** Users.Read.All is an application permission: it reaches clients only. */
const entraPolicy = definePolicy<AppAbility>({
  roles: {
    'Users.Read.All': {
      appliesTo: ['client'],
      rules: [{ scope: null, rules: ({ can }) => can('read', 'User') }],
    },
  },
});

@Controller('directory')
class DirectoryController {
  constructor(private readonly users: UsersRepository) {}

  @Authenticated()
  @Can<AppAbility>('read', 'User')
  @Get()
  list(@CurrentAbility() ability: AppAbility): User[] {
    return permittedItems(ability, 'read', 'User', this.users.findAll());
  }
}

describe.each(PLATFORMS)('Entra ID app-only tokens and a client-only role, on %s', (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await startApp(platform, {
      imports: [issuer.module({ policy: entraPolicy, claims: 'entra' })],
      controllers: [DirectoryController],
      providers: [UsersRepository],
    });
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  const appOnly = (roles: string[]) =>
    issuer.mintAccessToken({
      sub: 'daemon-oid',
      oid: 'daemon-oid',
      appid: 'daemon-app',
      idtyp: 'app',
      scope: undefined,
      roles,
    });

  it('lets the app-only token holding the role read every user, with no scope at all', async () => {
    const response = await as(app, appOnly(['Users.Read.All'])).get('/directory');

    expect(response.status).toBe(200);
    expect(response.body.map((u: User) => u.id)).toEqual(['1234', '4567', '9999', 'test-client']);
  });

  it('refuses the app-only token without the role: 403', async () => {
    const response = await as(app, appOnly([])).get('/directory');

    expect(answerOf(response)).toMatchObject({ status: 403, code: 'PORTCULLIS_FORBIDDEN' });
  });

  it('gives a user holding an app role of the same name nothing from it: 403', async () => {
    const token = issuer.mintAccessToken({
      sub: '1234',
      azp: 'spa-app',
      scp: 'read:users',
      roles: ['Users.Read.All'],
    });
    const response = await as(app, token).get('/directory');

    expect(answerOf(response)).toMatchObject({ status: 403, code: 'PORTCULLIS_FORBIDDEN' });
  });
});
