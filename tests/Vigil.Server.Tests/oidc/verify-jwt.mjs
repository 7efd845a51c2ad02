// Verifies JWTs with the npm package jose (a JOSE implementation independent of Vigil's signer). Reads
// {"jwks": {...}, "issuer": "...", "audience": "...", "typ": "...", "tokens": ["..."]} on stdin; writes one JSON line
// per token: {"ok": true, "header": ..., "payload": ...} or {"ok": false, "error": "..."}.
import { createLocalJWKSet, jwtVerify } from 'jose';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);
const keys = createLocalJWKSet(request.jwks);
for (const token of request.tokens) {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, keys, {
      issuer: request.issuer,
      audience: request.audience,
      typ: request.typ,
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
    });
    console.log(JSON.stringify({ ok: true, header: protectedHeader, payload }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: `${e.code ?? ''} ${e.message}` }));
  }
}
