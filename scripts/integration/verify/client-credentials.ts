/**
 * The OAuth 2.0 client-credentials token request (jsforce's OAuth2 client):
 * POST <My Domain>/services/oauth2/token with grant_type=client_credentials,
 * client_id and client_secret. Salesforce accepts it only on the org's My
 * Domain, never on login.salesforce.com.
 */
import { OAuth2 } from '@jsforce/jsforce-node';

/** What the token response gives the verifier. */
export interface ClientCredentialsSession {
  accessToken: string;
  instanceUrl: string;
  orgId: string | null;
  userId: string | null;
  scope: string | null;
}

const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Checks and normalizes a My Domain URL to its origin. https only; plain http
 * is accepted for loopback addresses (local stand-ins) and nothing else.
 */
export function normalizeMyDomain(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new Error(
      `--my-domain must be a URL like https://<your-domain>.my.salesforce.com, got "${input}".`
    );
  }
  if (GENERIC_LOGIN_HOSTS.has(url.hostname)) {
    throw new Error(
      `--my-domain must be your org's My Domain (https://<your-domain>.my.salesforce.com): the client-credentials flow is refused on ${url.hostname}.`
    );
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) {
    throw new Error(`--my-domain must use https, got "${url.protocol}//${url.host}".`);
  }
  return url.origin;
}

/** Splits the token's identity URL (…/id/<orgId>/<userId>) into its Ids. */
export function identityFromIdUrl(idUrl: string | undefined): {
  orgId: string | null;
  userId: string | null;
} {
  const match = /\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})\/?$/.exec(idUrl ?? '');
  return match ? { orgId: match[1], userId: match[2] } : { orgId: null, userId: null };
}

/** Requests a client-credentials access token. Throws jsforce's OAuth error (name = error code). */
export async function requestClientCredentialsToken(
  myDomain: string,
  clientId: string,
  clientSecret: string
): Promise<ClientCredentialsSession> {
  const oauth2 = new OAuth2({ loginUrl: myDomain, clientId, clientSecret });
  const token = (await oauth2.requestToken({
    grant_type: 'client_credentials'
  })) as unknown as Record<string, string | undefined>;
  if (!token.access_token || !token.instance_url) {
    throw new Error('The token response has no access_token or instance_url.');
  }
  return {
    accessToken: token.access_token,
    instanceUrl: token.instance_url,
    scope: token.scope ?? null,
    ...identityFromIdUrl(token.id)
  };
}

/** Advice for the OAuth error codes Salesforce returns to this flow. */
export function tokenErrorAdvice(errorCode: string, description: string): string {
  if (errorCode === 'invalid_client_id') {
    return 'Salesforce does not know this consumer key: check LL_CLIENT_ID against the app (Setup > External Client App Manager > LL_License_Lens_Integration > Settings).';
  }
  if (errorCode === 'invalid_client') {
    return 'The consumer secret does not match the key: check LL_CLIENT_SECRET (and that the secret was not rotated).';
  }
  if (errorCode === 'invalid_grant') {
    if (/domain/i.test(description)) {
      return "Use the org's My Domain URL for --my-domain, not login.salesforce.com.";
    }
    return 'The app does not issue client-credentials tokens yet: check that "Enable Client Credentials Flow" is on and a Run As user is set in the app\'s OAuth policies (README: manual Setup fallback), and that the run-as user is active and API-only.';
  }
  if (errorCode === 'unsupported_grant_type') {
    return 'Client credentials are not enabled for this app (global OAuth settings).';
  }
  return 'See the OAuth error above.';
}
