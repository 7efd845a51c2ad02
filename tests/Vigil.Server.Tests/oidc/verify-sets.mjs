// Verifies Security Event Tokens with the npm package jose, an implementation independent of Vigil's signer
// (issue 16: every SET checked by a second JOSE implementation). Reads {"jwks": {...}, "issuer": "...",
// "audience": "...", "tokens": ["..."]} on stdin; writes one JSON line per token: {"ok": true, "header": ...,
// "payload": ...} or {"ok": false, "error": "..."}. The SSF 1.0 profile checks (typ, one event, no sub or exp,
// sub_id present) are made here too, so a failure names what is wrong.
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
      typ: 'secevent+jwt',
      algorithms: ['RS256'],
    });
    const problems = [];
    if (!protectedHeader.kid) problems.push('no kid');
    if ('sub' in payload) problems.push('sub present');
    if ('exp' in payload) problems.push('exp present');
    if (typeof payload.jti !== 'string' || payload.jti.length === 0) problems.push('no jti');
    if (typeof payload.iat !== 'number') problems.push('no iat');
    if (typeof payload.sub_id !== 'object' || payload.sub_id === null || typeof payload.sub_id.format !== 'string') problems.push('no sub_id');
    if (typeof payload.events !== 'object' || Object.keys(payload.events).length !== 1) problems.push('not exactly one event');
    console.log(JSON.stringify(problems.length === 0 ? { ok: true, header: protectedHeader, payload } : { ok: false, error: problems.join(', ') }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: `${e.code ?? ''} ${e.message}` }));
  }
}
