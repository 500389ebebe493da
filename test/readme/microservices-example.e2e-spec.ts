// The README's microservices example, verbatim up to its tests: if this file changes, change the README too.
import { Controller, Get, Inject, Injectable, Param } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload, type ClientProxy } from '@nestjs/microservices';
import type { ForcedSubject, MongoAbility } from '@casl/ability';
import {
  CurrentPrincipal,
  LoadsResource,
  Owns,
  Resource,
  Scopes,
  definePolicy,
  type Principal,
  type ResourceLoader,
} from 'nest-portcullis';
import { forwardRefusals, withAccessToken } from 'nest-portcullis/microservices';

interface Invoice {
  id: string;
  customerId: string;
  paid: boolean;
}

type AppAbility = MongoAbility<
  ['read' | 'update', 'Invoice' | (Invoice & ForcedSubject<'Invoice'>)]
>;

const policy = definePolicy<AppAbility>({
  user: [
    {
      scope: 'read:invoices',
      rules: ({ can }, me) => can('read', 'Invoice', { customerId: me.sub }),
    },
  ],
  // The payments service, calling with its own client-credentials token.
  client: [{ scope: 'write:invoices', rules: ({ can }) => can('update', 'Invoice', ['paid']) }],
});

@Injectable()
class InvoicesRepository {
  rows = new Map<string, Invoice>([['i1', { id: 'i1', customerId: 'ada', paid: false }]]);
}

@Injectable()
@LoadsResource('Invoice')
class InvoiceLoader implements ResourceLoader<Invoice> {
  constructor(private readonly invoices: InvoicesRepository) {}

  load(id: string) {
    return this.invoices.rows.get(id);
  }
}

// The billing service, a TCP microservice. Its module imports
// PortcullisModule.forRoot({ ..., policy }) and PortcullisMicroservicesModule.
@Controller()
class BillingController {
  constructor(private readonly invoices: InvoicesRepository) {}

  @Scopes('read:invoices')
  @Owns<AppAbility>('Invoice', { action: 'read', hide: true }) // the id: the payload's `id`
  @MessagePattern('invoices.get')
  invoice(@Resource() invoice: Invoice) {
    return invoice;
  }

  @Scopes('write:invoices')
  @Owns<AppAbility>('Invoice', { action: 'update', fields: 'input' })
  @EventPattern('invoices.paid') // refused: dropped and logged, never run
  paid(@Payload() { id, input }: { id: string; input: Pick<Invoice, 'paid'> }) {
    Object.assign(this.invoices.rows.get(id) as Invoice, input);
  }
}

// The HTTP API in front of it, with a TCP client of the billing service named BILLING.
@Controller('invoices')
class InvoicesController {
  constructor(@Inject('BILLING') private readonly billing: ClientProxy) {}

  @Scopes('read:invoices')
  @Get(':id')
  invoice(@Param('id') id: string, @CurrentPrincipal() me: Principal) {
    // The caller's token travels with the message: billing decides with the caller's rights,
    // and its refusal (404 here for another customer's invoice) is this route's answer.
    return this.billing.send('invoices.get', withAccessToken({ id }, me)).pipe(forwardRefusals());
  }
}

// The README stops here.
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  ClientCredentialsToken,
  PortcullisMicroservicesModule,
} from 'nest-portcullis/microservices';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { CollectingLogger } from '../support/collecting-logger';
import { freePort } from '../microservices/support/free-port';

describe('the README microservices example', () => {
  let issuer: TestIssuer;
  let billing: INestMicroservice;
  let api: INestApplication;
  let client: ClientProxy;
  let invoices: InvoicesRepository;
  const logger = new CollectingLogger();

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    issuer.registerClient('payments', { clientSecret: 's3cret', scope: 'write:invoices' });
    const port = await freePort();
    const billingModule = await Test.createTestingModule({
      imports: [issuer.module({ policy }), PortcullisMicroservicesModule],
      controllers: [BillingController],
      providers: [InvoicesRepository, InvoiceLoader],
    }).compile();
    billing = billingModule.createNestMicroservice({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    });
    billing.useLogger(logger);
    await billing.listen();
    invoices = billing.get(InvoicesRepository);
    client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    });
    const apiModule = await Test.createTestingModule({
      imports: [issuer.module()],
      controllers: [InvoicesController],
      providers: [{ provide: 'BILLING', useValue: client }],
    }).compile();
    apiModule.useLogger(logger); // one logger per process: Nest's Logger is global
    api = await apiModule.createNestApplication().init();
  });
  afterAll(async () => {
    await api.close();
    await client.close();
    await billing.close();
    await issuer.stop();
  });

  const getInvoice = (sub: string) =>
    request(api.getHttpServer())
      .get('/invoices/i1')
      .auth(issuer.mintAccessToken({ sub, scope: 'read:invoices' }), { type: 'bearer' });

  it("the caller's token reaches billing, which decides with the caller's rights", async () => {
    const ada = await getInvoice('ada');
    expect([ada.status, ada.body]).toEqual([200, { id: 'i1', customerId: 'ada', paid: false }]);
    const bob = await getInvoice('bob');
    expect([bob.status, bob.body]).toEqual([
      404,
      { statusCode: 404, code: 'PORTCULLIS_NOT_FOUND', message: 'The resource does not exist.' },
    ]);
    expect(logger.problems()).toEqual([]); // a refusal is no error of the app
  });

  it("an event runs with the payments service's own token, and is dropped without it", async () => {
    client.emit('invoices.paid', { id: 'i1', input: { paid: true } });
    const user = issuer.mintAccessToken({ sub: 'ada', scope: 'write:invoices' });
    client.emit('invoices.paid', withAccessToken({ id: 'i1', input: { paid: true } }, user));
    const until = Date.now() + 5000;
    while (logger.about('dropped').length < 2 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logger.about('dropped')).toHaveLength(2);
    expect(invoices.rows.get('i1')?.paid).toBe(false);

    const payments = new ClientCredentialsToken({
      tokenEndpoint: issuer.tokenEndpoint,
      clientId: 'payments',
      clientSecret: 's3cret',
      scope: 'write:invoices',
    });
    const paid = withAccessToken({ id: 'i1', input: { paid: true } }, await payments.get());
    client.emit('invoices.paid', paid);
    while (!invoices.rows.get('i1')?.paid && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(invoices.rows.get('i1')?.paid).toBe(true);
  });
});
