// An OpenID Connect server that speaks Keycloak's paths, for the gateway's SSO tests (DESIGN §7).
// Configuration comes from the environment: PORT, REALM, CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS,
// POST_LOGOUT_REDIRECT_URIS (comma separated), ACCESS_TTL (seconds) and USERS, a JSON object
// {login: {password, name, roles: [...], org_id, municipality_id, region_id, participant_id}}.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const port = Number(process.env.PORT);
const realm = process.env.REALM || 'mentorship';
const prefix = `/realms/${realm}`;
const issuer = `http://127.0.0.1:${port}${prefix}`;
const users = JSON.parse(process.env.USERS || '{}');
const list = (value) => (value || '').split(',').filter(Boolean);

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: `${realm}-rs256`, alg: 'RS256', use: 'sig' };

function tenantClaims(accountId) {
  const user = users[accountId] || {};
  const claims = { preferred_username: accountId, name: user.name || accountId,
                   realm_access: { roles: user.roles || [] } };
  for (const attribute of ['org_id', 'municipality_id', 'region_id', 'participant_id']) {
    if (user[attribute]) claims[attribute] = user[attribute];
  }
  return claims;
}

const configuration = {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: list(process.env.REDIRECT_URIS),
    post_logout_redirect_uris: list(process.env.POST_LOGOUT_REDIRECT_URIS),
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'offline_access'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    introspection: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:mentorship:gateway',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'openid profile', audience: process.env.CLIENT_ID, accessTokenFormat: 'jwt',
        accessTokenTTL: Number(process.env.ACCESS_TTL || 300),
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  routes: {
    authorization: '/protocol/openid-connect/auth',
    token: '/protocol/openid-connect/token',
    jwks: '/protocol/openid-connect/certs',
    userinfo: '/protocol/openid-connect/userinfo',
    end_session: '/protocol/openid-connect/logout',
    introspection: '/protocol/openid-connect/token/introspect',
    revocation: '/protocol/openid-connect/revoke',
  },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  extraTokenClaims: async (ctx, token) => tenantClaims(token.accountId),
  findAccount: async (ctx, id) => {
    if (!users[id]) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...tenantClaims(id) }) };
  },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  ttl: { AccessToken: Number(process.env.ACCESS_TTL || 300), IdToken: 300, RefreshToken: 3600,
         Session: 3600, Grant: 3600, Interaction: 600, AuthorizationCode: 60 },
  renderError: async (ctx, out) => { ctx.type = 'html'; ctx.body = `<h1>oops</h1><pre>${out.error}: ${out.error_description}</pre>`; },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;
const callback = provider.callback();

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

// Keycloak's back-channel logout as python-keycloak calls it: POST the refresh token, 204 on success.
async function backChannelLogout(req, res) {
  const form = await readForm(req);
  if (form.get('client_id') !== process.env.CLIENT_ID || form.get('client_secret') !== process.env.CLIENT_SECRET) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'unauthorized_client' }));
    return;
  }
  const token = await provider.RefreshToken.find(form.get('refresh_token') || '');
  if (!token) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid refresh token' }));
    return;
  }
  await token.destroy();
  res.writeHead(204);
  res.end();
}

http.createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  if (!url.pathname.startsWith(prefix)) {
    res.writeHead(404); res.end(); return;
  }
  const path = url.pathname.slice(prefix.length) || '/';
  if (req.method === 'GET' && path === '/') {
    // Keycloak's realm document, which python-keycloak reads for the public key.
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
      .replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ realm, public_key: pem, 'token-service': `${issuer}/protocol/openid-connect` }));
    return;
  }
  if (req.method === 'POST' && path === '/protocol/openid-connect/logout') {
    await backChannelLogout(req, res);
    return;
  }
  req.originalUrl = req.url;  // oidc-provider derives its mount path from it, as under Express
  req.url = path + url.search;
  callback(req, res);
}).listen(port, '127.0.0.1', () => console.log(`READY oidc ${issuer}`));

process.on('SIGTERM', () => process.exit(0));
export { errors };
