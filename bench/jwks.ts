import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { BENCH_KEY_ID } from './lib/token';

/**
 * The bench's identity provider, as far as the services need one: an RSA key made for this run, its
 * private half written to `<runDir>/signing-key.pem` for the token signer (lib/token.ts), its public
 * half served as a JWKS at `http://127.0.0.1:<port>/jwks.json`.
 * usage: node dist/bench/jwks.js <runDir> <port>
 */
const [runDir = 'bench/.run', portText = '3109'] = process.argv.slice(2);
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
writeFileSync(join(runDir, 'signing-key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
  mode: 0o600,
});
const jwks = JSON.stringify({
  keys: [{ ...publicKey.export({ format: 'jwk' }), kid: BENCH_KEY_ID, alg: 'RS256', use: 'sig' }],
});
createServer((request, response) => {
  const found = request.url === '/jwks.json';
  response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
  response.end(found ? jwks : '{"error":"not found"}');
}).listen(Number(portText), '127.0.0.1', () => process.stdout.write(`jwks on ${portText}\n`));
