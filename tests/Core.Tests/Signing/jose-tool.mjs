// The npm `jose` package (pinned in the root package.json) as an independent JOSE implementation for the tests.
// Every mode reads one JSON object on stdin and writes one JSON object on stdout.
//   verify      {jwks, jws}  -> {ok: true, payload, header} | {ok: false, code, message}
//   sign        {payload}    -> {jwks, jws}   (a fresh ES256 key; kid = RFC 7638 thumbprint)
//   thumbprint  {jwk}        -> {thumbprint}
import { readFileSync } from 'node:fs';
import { CompactSign, calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';

const request = JSON.parse(readFileSync(0, 'utf8'));
const reply = (value) => process.stdout.write(JSON.stringify(value));

switch (process.argv[2]) {
  case 'verify': {
    try {
      const { payload, protectedHeader } = await compactVerify(request.jws, createLocalJWKSet(request.jwks), { algorithms: ['ES256'] });
      reply({ ok: true, payload: new TextDecoder().decode(payload), header: protectedHeader });
    } catch (error) {
      reply({ ok: false, code: error.code ?? error.name, message: error.message });
    }
    break;
  }
  case 'sign': {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk, 'sha256');
    const jws = await new CompactSign(new TextEncoder().encode(request.payload))
      .setProtectedHeader({ alg: 'ES256', kid })
      .sign(privateKey);
    reply({ jwks: { keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] }, jws });
    break;
  }
  case 'thumbprint': {
    reply({ thumbprint: await calculateJwkThumbprint(request.jwk, 'sha256') });
    break;
  }
  default:
    process.stderr.write('usage: node jose-tool.mjs verify|sign|thumbprint\n');
    process.exit(2);
}
