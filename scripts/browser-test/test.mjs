// Browser test of the web pages on a running stack (./stack up), as a developer uses them: log in
// through the OIDC provider's real login form, register an application, read its key, use it,
// regenerate it and time how long the old key keeps working, read the statistics chart, log out.
// Screenshots go to $ARTIFACTS. Exits non-zero on the first failed check.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const artifacts = process.env.ARTIFACTS ?? 'browser-test-artifacts';
const fingerprint = required('DEMO_FINGERPRINT');
const duration = Number(required('DEMO_DURATION'));
const user = process.env.LOGIN_USER ?? 'alice';
const password = process.env.LOGIN_PASSWORD ?? 'alice-songprint';
const revocationLimitMs = Number(process.env.REVOCATION_LIMIT_MS ?? 2000);
mkdirSync(artifacts, { recursive: true });

function required(name) {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
}

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`ok - ${message}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One /v2/lookup with the key, as a client sends it; answers the parsed JSON.
async function lookup(key, lookupDuration = duration) {
  const body = new URLSearchParams({ client: key, duration: String(lookupDuration), fingerprint, format: 'json' });
  const response = await fetch(`${base}/v2/lookup`, { method: 'POST', body });
  return response.json();
}

// Polls until the key gets the wanted answer ('ok' or an error code); answers the time it took.
async function untilKey(key, wanted, limitMs) {
  const start = Date.now();
  for (;;) {
    const answer = await lookup(key);
    const got = answer.status === 'ok' ? 'ok' : answer.error.code;
    if (got === wanted) return Date.now() - start;
    if (Date.now() - start > limitMs) throw new Error(`key ${key}: still ${JSON.stringify(answer)} after ${limitMs} ms`);
    await sleep(got === 14 ? 600 : 100);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
const page = await context.newPage();
page.on('dialog', (dialog) => dialog.accept());
const summary = {};
try {
  // 1. log in through the provider's real form
  await page.goto(`${base}/`);
  await page.click('#login-link');
  await page.click('#login-songprint');
  await page.waitForSelector('#kc-form-login');
  check(new URL(page.url()).port === '18080', "the provider's login form is shown");
  await page.screenshot({ path: `${artifacts}/01-provider-login.png` });
  await page.fill('#username', user);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/account`), page.click('#kc-login')]);
  const userKey = (await page.textContent('#user-api-key')).trim();
  check(/^[A-Za-z0-9]{32}$/.test(userKey), 'logged in: the profile shows a 32-character user key');
  await page.screenshot({ path: `${artifacts}/02-profile.png`, fullPage: true });

  // 2. register an application and read its key
  await page.click('nav >> text=Applications');
  await page.click('#new-application');
  await page.fill('#name', `Browser test ${new Date().toISOString()}`);
  await page.fill('#version', '1.0');
  await page.fill('#email', 'browser-test@songprint.invalid');
  await page.fill('#website', 'https://songprint.invalid/browser-test');
  await Promise.all([page.waitForURL(/\/applications\/\d+$/), page.click('#save-application')]);
  const applicationUrl = page.url();
  const firstKey = (await page.textContent('#client-api-key')).trim();
  check(/^[A-Za-z0-9]{32}$/.test(firstKey), 'the new application shows its client key');
  await page.screenshot({ path: `${artifacts}/03-application.png`, fullPage: true });

  // 3. the key works across the suite: /v2/lookup (fingerprint-service) accepts it
  summary.newKeyAcceptedMs = await untilKey(firstKey, 'ok', 10000);
  check(true, `the new key is accepted by /v2/lookup after ${summary.newKeyAcceptedMs} ms`);
  let hits = 0;
  let misses = 0;
  for (let i = 0; i < 5; i++) {
    const answer = await lookup(firstKey);
    if (answer.status === 'ok' && answer.results.length > 0) hits++;
    const far = await lookup(firstKey, duration + 120); // outside the duration window: no result
    if (far.status === 'ok' && far.results.length === 0) misses++;
    await sleep(700); // within the per-IP limit of 4 lookups/s
  }
  check(hits === 5 && misses === 5, `5 hits and 5 misses looked up (${hits}, ${misses})`);

  // 4. regenerate: the old key is refused everywhere within the limit, the new one accepted
  // timed from the click, so the figure includes the page's own round trip (an upper bound)
  const regeneratedAt = Date.now();
  await Promise.all([page.waitForURL(/regenerated=1/), page.click('#regenerate-client-key')]);
  const secondKey = (await page.textContent('#client-api-key')).trim();
  check(secondKey !== firstKey && /^[A-Za-z0-9]{32}$/.test(secondKey), 'regenerating shows a different key');
  await untilKey(firstKey, 4, 10000);
  summary.oldKeyRejectedMs = Date.now() - regeneratedAt;
  check(summary.oldKeyRejectedMs <= revocationLimitMs,
    `the old key is rejected by /v2/lookup (error 4) ${summary.oldKeyRejectedMs} ms after regenerating (limit ${revocationLimitMs} ms)`);
  await untilKey(secondKey, 'ok', 10000);
  summary.regeneratedKeyAcceptedMs = Date.now() - regeneratedAt;
  check(true, `the regenerated key is accepted ${summary.regeneratedKeyAcceptedMs} ms after regenerating`);
  await page.screenshot({ path: `${artifacts}/04-regenerated.png`, fullPage: true });

  // 5. the statistics chart shows the lookups (fingerprint-service -> Kafka -> account-service)
  const deadline = Date.now() + 30000;
  let caption = '';
  for (;;) {
    await page.goto(applicationUrl);
    caption = await page.textContent('#statistics figcaption');
    const counted = /: (\d+) hits, (\d+) misses/.exec(caption);
    if (counted && Number(counted[1]) >= hits && Number(counted[2]) >= misses) break;
    if (Date.now() > deadline) throw new Error(`statistics still say "${caption}"`);
    await sleep(1000);
  }
  const bars = await page.locator('#chart-hourly rect.hits').count();
  check(bars >= 1, `the hourly chart draws the hits (${caption.trim()})`);
  await page.locator('#statistics').screenshot({ path: `${artifacts}/05-statistics.png` });

  // 6. log out: the pages ask for a login again
  await Promise.all([page.waitForURL(`${base}/`), page.click('#logout')]);
  await page.goto(`${base}/applications`);
  check(new URL(page.url()).pathname === '/login', 'after logging out, the applications page sends to the login page');
  await page.screenshot({ path: `${artifacts}/06-logged-out.png` });
  writeFileSync(`${artifacts}/summary.json`, JSON.stringify(summary, null, 2));
  console.log(`browser test passed: ${JSON.stringify(summary)}; screenshots in ${artifacts}`);
} catch (error) {
  await page.screenshot({ path: `${artifacts}/failure.png`, fullPage: true }).catch(() => {});
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
