// Decides one request with a Cedar policy that reads Vigil's risk from the request context, as a Cedar or Amazon
// Verified Permissions caller does with GET /v1/risk/{id} (docs/integration.md). Reads one JSON object on stdin:
// {"policy": "<Cedar text>", "principal": "...", "action": "...", "resource": "...", "risk": <the /v1/risk answer>}
// and prints {"decision": "allow"|"deny", "reasons": [policy ids], "errors": [...]}.
import { isAuthorized } from '@cedar-policy/cedar-wasm/nodejs';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const q = JSON.parse(input);
const answer = isAuthorized({
  principal: { type: 'User', id: q.principal },
  action: { type: 'Action', id: q.action },
  resource: { type: 'Document', id: q.resource },
  // What a caller fills from Vigil's answer: the level, the outcome its policy needs, and the score.
  context: { risk: { level: q.risk.level, score: q.risk.score, assurance: q.risk.assurance.outcome } },
  policies: { staticPolicies: q.policy },
  entities: [],
});
if (answer.type !== 'success') {
  console.log(JSON.stringify({ decision: 'error', errors: answer.errors }));
  process.exit(1);
}
console.log(JSON.stringify({ decision: answer.response.decision, reasons: answer.response.diagnostics.reason, errors: answer.response.diagnostics.errors }));
