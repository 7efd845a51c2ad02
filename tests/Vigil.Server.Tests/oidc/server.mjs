// A real OpenID provider for the bearer-token tests: node server.mjs <port>
// Client-credentials grant with resource indicators (RFC 8707), so access tokens are JWTs (RFC 9068) whose
// audience is the requested resource. A fresh RSA key (random kid) per start lets the test observe key rotation.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
const scopes = 'evaluate ingest feedback admin ssf:manage';

const provider = new Provider(issuer, {
  jwks: { keys: [jwk] },
  clients: [
    { client_id: 'gateway', client_secret: 'gateway-secret', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: scopes },
    { client_id: 'short', client_secret: 'short-secret', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: scopes },
  ],
  scopes: scopes.split(' '),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'https://vigil.test',
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
