import { lastValueFrom, throwError } from 'rxjs';
import {
  AccessDeniedException,
  InsufficientScopeException,
  InvalidRequestException,
  InvalidTokenException,
  KeysUnavailableException,
  MissingTokenException,
  PermissionsUnavailableException,
  ResourceNotFoundException,
  type PortcullisException,
} from '../errors/portcullis.exceptions';
import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import { forwardRefusals, refusalFromRpc } from './forward-refusals';
import { rpcRefusalBody } from './rpc-refusal-exception';

describe('refusalFromRpc', () => {
  it.each<PortcullisException>([
    new InvalidRequestException('The Bearer credentials are malformed'),
    new MissingTokenException(),
    new InvalidTokenException('The access token is invalid'),
    new InvalidTokenException('The token has expired', PortcullisErrorCode.TokenExpired),
    new InsufficientScopeException(['read:notes', 'audit:notes']),
    new AccessDeniedException(),
    new ResourceNotFoundException(),
    new KeysUnavailableException(5),
    new PermissionsUnavailableException(9),
  ])('gives back %s as a service answered it over TCP', (refusal) => {
    const rebuilt = refusalFromRpc(JSON.parse(JSON.stringify(rpcRefusalBody(refusal))));
    expect(rebuilt).toBeInstanceOf(refusal.constructor);
    expect([rebuilt?.getStatus(), rebuilt?.getResponse()]).toEqual([
      refusal.getStatus(),
      refusal.getResponse(),
    ]);
    expect(rebuilt?.responseHeaders('api')).toEqual(refusal.responseHeaders('api'));
  });

  it.each<[string, unknown]>([
    ['an Error', new Error('boom')],
    ['a string', 'PORTCULLIS_NOT_FOUND'],
    ['null', null],
    ['an unknown code', { status: 404, code: 'NOPE', message: 'x' }],
    ['a code without a message', { status: 404, code: 'PORTCULLIS_NOT_FOUND' }],
    ['a message too long', { code: 'PORTCULLIS_NOT_FOUND', message: 'x'.repeat(201) }],
    ["Nest's own error answer", { status: 'error', message: 'Internal server error' }],
  ])('leaves %s alone', (_, error) => {
    expect(refusalFromRpc(error)).toBeUndefined();
  });

  it('forwardRefusals rethrows a refusal as its exception, anything else as it is', async () => {
    const body = rpcRefusalBody(new ResourceNotFoundException());
    await expect(lastValueFrom(throwError(() => body).pipe(forwardRefusals()))).rejects.toThrow(
      ResourceNotFoundException,
    );
    const other = new Error('boom');
    await expect(lastValueFrom(throwError(() => other).pipe(forwardRefusals()))).rejects.toBe(
      other,
    );
  });
});
