// A real OpenID provider for the bearer-token tests: node server.mjs <port> [console-redirect-uri]
// Client-credentials grant with resource indicators (RFC 8707), so access tokens are JWTs (RFC 9068) whose
// audience is the requested resource. A fresh RSA key (random kid) per start lets the test observe key rotation.
// With a console redirect URI, the console's client (authorization code + PKCE) and the provider's development
// sign-in pages are added for the console browser tests: any login name signs in, and its first part before '-'
// is the vigil_role claim (viewer-ann is a viewer, analyst-bo an analyst, nobody-cy has no console role).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
const scopes = 'evaluate ingest feedback admin ssf:manage';
const consoleRedirect = process.argv[3];
const consoleClients = consoleRedirect ? [{
  client_id: 'console', client_secret: 'console-secret', grant_types: ['authorization_code'], response_types: ['code'],
  redirect_uris: [consoleRedirect], token_endpoint_auth_method: 'client_secret_basic',
}] : [];

const provider = new Provider(issuer, {
  jwks: { keys: [jwk] },
  clients: [
    { client_id: 'gateway', client_secret: 'gateway-secret', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: scopes },
    { client_id: 'short', client_secret: 'short-secret', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: scopes },
    ...consoleClients,
  ],
  findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id, preferred_username: id, vigil_role: id.split('-')[0] }) }),
  claims: { openid: ['sub'], profile: ['preferred_username', 'vigil_role'] },
  conformIdTokenClaims: false, // the console reads the role from the ID token, without a userinfo call
  scopes: scopes.split(' '),
  features: {
    devInteractions: { enabled: Boolean(consoleRedirect) },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (ctx, client) => (client?.clientId === 'console' ? undefined : 'https://vigil.test'),
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource, client) => ({
        scope: scopes,
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: client.clientId === 'short' ? 1 : 300,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
provider.proxy = true;
provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
