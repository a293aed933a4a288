// These tests drive the real supabase-js client with a fetch that records
// every request and answers like Supabase Auth would, without a network.
// Each test pins one fact a sessionlint rule states in its message or
// documentation, so a library change that makes a rule wrong fails CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@supabase/supabase-js';

const URL = 'https://premiseref.supabase.co';
const KEY = 'sb_publishable_premises';
const STORAGE_KEY = 'sb-premiseref-auth-token';

// memoryStorage is a Web Storage stand-in that exposes its entries.
function memoryStorage() {
  const items = new Map();
  return {
    items,
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => { items.set(k, String(v)); },
    removeItem: (k) => { items.delete(k); },
    clear: () => items.clear(),
  };
}

function base64url(obj) {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

// accessToken returns an unsigned JWT that expires in an hour; the client
// decodes it without verifying the signature.
function accessToken() {
  const now = Math.floor(Date.now() / 1000);
  return [base64url({ alg: 'HS256', typ: 'JWT' }), base64url({ sub: 'user-1', exp: now + 3600, iat: now, role: 'authenticated' }), 'sig'].join('.');
}

const user = { id: 'user-1', aud: 'authenticated', role: 'authenticated', email: 'a@example.com', app_metadata: {}, user_metadata: {}, created_at: '2026-01-01T00:00:00Z' };

// recorder returns a fetch that records requests and answers the auth
// endpoints the tests use.
function recorder() {
  const calls = [];
  const fetch = async (input, init = {}) => {
    const url = new globalThis.URL(typeof input === 'string' ? input : input.url);
    const method = (init.method || 'GET').toUpperCase();
    const body = init.body ? JSON.parse(init.body) : undefined;
    calls.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    if (url.pathname === '/auth/v1/logout') {
      return new Response(null, { status: 204 });
    }
    if (url.pathname === '/auth/v1/user') {
      return new Response(JSON.stringify(user), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify({ message: 'unexpected request' }), { status: 500, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetch };
}

async function signedInClient() {
  const storage = memoryStorage();
  const rec = recorder();
  const client = createClient(URL, KEY, {
    auth: { storage, persistSession: true, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: rec.fetch },
    // Node 20 has no WebSocket; realtime is never connected in these tests.
    realtime: { transport: class NoWebSocket {} },
  });
  const { error } = await client.auth.setSession({ access_token: accessToken(), refresh_token: 'refresh-1' });
  assert.equal(error, null);
  rec.calls.length = 0;
  return { client, storage, calls: rec.calls };
}

const logouts = (calls) => calls.filter((c) => c.path === '/auth/v1/logout');

test('the client keeps the session in its own storage key', async () => {
  const { storage } = await signedInClient();
  const stored = JSON.parse(storage.getItem(STORAGE_KEY));
  assert.equal(stored.refresh_token, 'refresh-1');
});

for (const [options, scope] of [[undefined, 'global'], [{ scope: 'global' }, 'global'], [{ scope: 'local' }, 'local'], [{ scope: 'others' }, 'others']]) {
  test(`signOut(${JSON.stringify(options) ?? ''}) sends logout with scope ${scope}`, async () => {
    const { client, calls } = await signedInClient();
    const { error } = await client.auth.signOut(options);
    assert.equal(error, null);
    const sent = logouts(calls);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].method, 'POST');
    assert.equal(sent[0].query.scope, scope);
  });
}

test('signOut after the stored session was removed sends no logout request', async () => {
  const { client, storage, calls } = await signedInClient();
  storage.removeItem(STORAGE_KEY);
  const { error } = await client.auth.signOut();
  assert.equal(error, null);
  assert.equal(logouts(calls).length, 0);
});

test('signOut after storage.clear() sends no logout request', async () => {
  const { client, storage, calls } = await signedInClient();
  storage.clear();
  await client.auth.signOut({ scope: 'global' });
  assert.equal(logouts(calls).length, 0);
});

test('storage cleared right after an un-awaited signOut leaves it nothing to revoke', async () => {
  const { client, storage, calls } = await signedInClient();
  const pending = client.auth.signOut();
  storage.clear();
  await pending;
  assert.equal(logouts(calls).length, 0);
});

test('clearing storage after an awaited signOut still revokes', async () => {
  const { client, storage, calls } = await signedInClient();
  await client.auth.signOut();
  storage.clear();
  assert.equal(logouts(calls).length, 1);
});

test('signOut removes the session from the client storage in every scope', async () => {
  for (const scope of ['global', 'local', 'others']) {
    const { client, storage } = await signedInClient();
    await client.auth.signOut({ scope });
    const expectRemoved = scope !== 'others';
    assert.equal(storage.getItem(STORAGE_KEY) === null, expectRemoved, `scope ${scope}`);
  }
});

test('updateUser with a password sends it to the user endpoint', async () => {
  const { client, calls } = await signedInClient();
  const { error } = await client.auth.updateUser({ password: 'new-password-1' });
  assert.equal(error, null);
  const put = calls.filter((c) => c.path === '/auth/v1/user' && c.method === 'PUT');
  assert.equal(put.length, 1);
  assert.equal(put[0].body.password, 'new-password-1');
  assert.equal(logouts(calls).length, 0, 'updateUser does not sign out other sessions by itself');
});

test('updateUser with only data changes no credential', async () => {
  const { client, calls } = await signedInClient();
  await client.auth.updateUser({ data: { full_name: 'A' } });
  const put = calls.find((c) => c.path === '/auth/v1/user' && c.method === 'PUT');
  assert.deepEqual(put.body.data, { full_name: 'A' });
  assert.equal(put.body.password, undefined);
  assert.equal(put.body.email, undefined);
});

test('setSession stores the given tokens as the client session', async () => {
  const { client, storage } = await signedInClient();
  await client.auth.setSession({ access_token: accessToken(), refresh_token: 'replayed-copy' });
  assert.equal(JSON.parse(storage.getItem(STORAGE_KEY)).refresh_token, 'replayed-copy');
});
