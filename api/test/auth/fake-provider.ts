/**
 * A small OpenID provider on a real local port: discovery document, JWKS, an authorize endpoint
 * that signs in a configured person at once, and a token endpoint that checks the client secret
 * and PKCE and returns an ID token signed with a key made here. `signWithForeignKey` makes it sign
 * with a key that is not in its JWKS (same key id), as an attacker would.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';

export interface FakeProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claims of the person who "signs in" at the next authorize request. */
  person: Record<string, unknown>;
  signWithForeignKey: boolean;
  close(): Promise<void>;
}

interface Grant { nonce: string; challenge: string; redirectUri: string; claims: Record<string, unknown> }

export async function startFakeProvider(): Promise<FakeProvider> {
  const kid = 'test-key-1';
  const published = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(published.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const clientId = 'veilig-werk';
  const clientSecret = randomBytes(16).toString('hex');
  let issuer = '';

  const provider: FakeProvider = {
    issuer: '', clientId, clientSecret, person: {}, signWithForeignKey: false,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const sign = (claims: Record<string, unknown>, nonce: string, key: CryptoKey) => new SignJWT({ ...claims, nonce })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(issuer).setAudience(clientId).setSubject(String(claims['sub'] ?? 'subject-1'))
    .setIssuedAt().setExpirationTime('5m')
    .sign(key);

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'], token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return send(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      if (p.get('client_id') !== clientId || p.get('response_type') !== 'code' || p.get('code_challenge_method') !== 'S256') return send(400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('hex');
      grants.set(code, { nonce: p.get('nonce') ?? '', challenge: p.get('code_challenge') ?? '', redirectUri: p.get('redirect_uri') ?? '', claims: { ...provider.person } });
      const back = new URL(p.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      req.on('data', (chunk: Buffer) => { raw += chunk.toString(); });
      req.on('end', () => {
        void (async () => {
          const form = new URLSearchParams(raw);
          const basic = req.headers.authorization?.startsWith('Basic ')
            ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent) : [];
          const id = basic[0] ?? form.get('client_id');
          const secret = basic[1] ?? form.get('client_secret');
          if (id !== clientId || secret !== clientSecret) return send(401, { error: 'invalid_client' });
          const grant = grants.get(form.get('code') ?? '');
          grants.delete(form.get('code') ?? '');
          if (!grant || grant.redirectUri !== form.get('redirect_uri')) return send(400, { error: 'invalid_grant' });
          const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
          if (challenge !== grant.challenge) return send(400, { error: 'invalid_grant', error_description: 'PKCE' });
          const idToken = await sign(grant.claims, grant.nonce, provider.signWithForeignKey ? foreign.privateKey : published.privateKey);
          send(200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
        })();
      });
      return;
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.issuer = issuer;
  return provider;
}
