import type { DevTokenMinter } from '../dev-issuer/dev-token-minter';

const ALL_SCOPES = ['read:users', 'write:users', 'read:notes', 'write:notes'];

/** Tokens for the walkthrough: alice, bob, carol (admin), and a client-credentials service. */
export function walkthroughTokens(minter: DevTokenMinter): Record<string, string> {
  return {
    ALICE: minter.userToken({ sub: 'alice', scopes: ALL_SCOPES }),
    BOB: minter.userToken({ sub: 'bob', scopes: ALL_SCOPES }),
    CAROL: minter.userToken({ sub: 'carol', scopes: ALL_SCOPES, roles: ['admin'] }),
    SERVICE: minter.clientToken({ scopes: ['read:users'] }),
  };
}

/**
 * Ready-to-paste shell lines: the tokens as variables, then one curl per case worth seeing.
 * @param baseUrl where the API listens, e.g. `http://localhost:3000`
 */
export function curlExamples(baseUrl: string, tokens: Record<string, string>): string {
  const auth = (who: string): string => `-H "Authorization: Bearer $${who}"`;
  const json = `-H 'Content-Type: application/json'`;
  const lines = [
    ...Object.entries(tokens).map(([name, token]) => `export ${name}='${token}'`),
    '',
    `curl -s ${baseUrl}/health                                   # 200, no token needed`,
    `curl -s ${baseUrl}/users                                    # 401, no token`,
    `curl -s ${baseUrl}/me ${auth('ALICE')}             # alice's principal`,
    `curl -s ${baseUrl}/users ${auth('ALICE')}          # only alice`,
    `curl -s ${baseUrl}/users ${auth('CAROL')}          # everyone (admin)`,
    `curl -s ${baseUrl}/notes/n2 ${auth('ALICE')}       # 403, bob's note`,
    `curl -s -X PATCH ${baseUrl}/users/alice ${auth('ALICE')} ${json} -d '{"name":"Alicia"}'   # 200`,
    `curl -s -X PATCH ${baseUrl}/users/alice ${auth('ALICE')} ${json} -d '{"plan":"pro"}'      # 403, plan is for admins`,
    `curl -s -X PATCH ${baseUrl}/users/alice ${auth('CAROL')} ${json} -d '{"plan":"pro"}'      # 200 (admin)`,
    `curl -s -X POST ${baseUrl}/notes ${auth('BOB')} ${json} -d '{"text":"hello"}'            # 201, owned by bob`,
    `curl -s ${baseUrl}/users/bob ${auth('SERVICE')}    # 200, a client with read:users`,
    `curl -s ${baseUrl}/notes ${auth('SERVICE')}        # 403 insufficient_scope`,
    '',
    `# GraphQL: the same decisions; bob's record is a FORBIDDEN error at its path, the rest answers`,
    `curl -s -X POST ${baseUrl}/graphql ${auth('ALICE')} ${json} -d '{"query":"{ me { sub } user(id: \\"alice\\") { name plan } other: user(id: \\"bob\\") { name } }"}'`,
    '',
    `# socket.io (same port, auth: { token }): alice's note n1, then each new note she may read`,
    `node -e "const s=require('socket.io-client').io('${baseUrl}',{auth:{token:process.env.ALICE}});s.emit('note:get',{id:'n1'},console.log);s.emit('notes:subscribe',console.log);s.on('note:created',console.log)"`,
  ];
  return lines.join('\n');
}

/** How to mint more tokens. */
export const TOKEN_CLI_HINT = [
  'More tokens (the demo must be running):',
  '  npm run -s token -- --sub alice --scope "read:users write:users" --roles admin --permissions read:users',
  '  npm run -s token -- --client --scope read:users          # client credentials',
  '  npm run -s token -- --sub alice --id-token                # an ID token, to see it refused',
  '  npm run -s token -- --help',
].join('\n');
