// A small AuthZEN 1.0 PDP on the Cedar engine (@cedar-policy/cedar-wasm): the "existing policy engine" Vigil is
// composed in front of in UpstreamCompositionTests and docs/integration.md. Answers POST /access/v1/evaluation and
// /access/v1/evaluations with the Cedar policy given as argv[2] (a file), after checking the bearer token argv[3].
// AuthZEN to Cedar: subject -> User::"<id>", action -> Action::"<name>", resource -> <Type>::"<id>" (the AuthZEN type
// with its first letter capitalised), context.risk (Vigil's risk) -> context.risk. Prints {"port": N} once listening.
// Test controls: POST /control {"delay_ms": n, "status": n} makes later answers slow or failing; GET /stats returns
// how many questions it was asked and the last one as received.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { isAuthorized } from '@cedar-policy/cedar-wasm/nodejs';

const policy = readFileSync(process.argv[2], 'utf8');
const token = process.argv[3];
let control = { delay_ms: 0, status: 200 };
let asked = 0;
let last = null;

const entityType = (type) => type.charAt(0).toUpperCase() + type.slice(1);

function decide(q) {
  const risk = q.context && q.context.risk ? q.context.risk : {};
  const answer = isAuthorized({
    principal: { type: 'User', id: String(q.subject.id) },
    action: { type: 'Action', id: String(q.action.name) },
    resource: { type: entityType(String(q.resource.type)), id: String(q.resource.id) },
    context: { risk: { score: risk.score ?? 0, level: risk.level ?? 'unknown', assurance: risk.assurance ?? 'unknown' } },
    policies: { staticPolicies: policy },
    entities: [],
  });
  if (answer.type !== 'success') throw new Error(JSON.stringify(answer.errors));
  return { decision: answer.response.decision === 'allow', context: { reason: answer.response.diagnostics.reason } };
}

function read(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c) => { body += c; if (body.length > 1 << 20) reject(new Error('too large')); });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const server = createServer(async (req, res) => {
  const send = (status, value) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
  try {
    if (req.method === 'GET' && req.url === '/stats') return send(200, { asked, last });
    if (req.method === 'POST' && req.url === '/control') { control = { ...control, ...JSON.parse(await read(req)) }; return send(200, control); }
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'invalid_token' });
    const body = JSON.parse(await read(req));
    asked++;
    last = body;
    if (control.delay_ms > 0) await new Promise((r) => setTimeout(r, control.delay_ms));
    if (control.status !== 200) return send(control.status, { error: 'failing on purpose' });
    if (req.method === 'POST' && req.url === '/access/v1/evaluation') return send(200, decide(body));
    if (req.method === 'POST' && req.url === '/access/v1/evaluations') {
      return send(200, { evaluations: body.evaluations.map((e) => decide({ ...body, ...e, context: e.context ?? body.context })) });
    }
    return send(404, { error: 'not found' });
  } catch (e) {
    return send(400, { error: String(e) });
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
