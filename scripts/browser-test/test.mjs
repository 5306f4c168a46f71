// Browser test of the web pages on a running stack (./stack up), as a developer uses them: log in
// through the OIDC provider's real login form, register an application, read its key, use it,
// regenerate it and time how long the old key keeps working, read the statistics chart, log out.
// Then logins and links: a refused login leaves no provider session cookie behind, a second login is
// linked only after a confirmation, it is unlinked again (never the last one), and a second browser
// context can use nothing of the first. Screenshots go to $ARTIFACTS. Exits non-zero on the first
// failed check.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

// the public base URL and the OIDC provider's port: scripts/browser-test.sh passes them from scripts/ports.sh
const base = required('BASE_URL');
const keycloakPort = required('KEYCLOAK_PORT');
const artifacts = process.env.ARTIFACTS ?? 'browser-test-artifacts';
const fingerprint = required('DEMO_FINGERPRINT');
const duration = Number(required('DEMO_DURATION'));
const user = process.env.LOGIN_USER ?? 'alice';
const password = process.env.LOGIN_PASSWORD ?? 'alice-songprint';
const revocationLimitMs = Number(process.env.REVOCATION_LIMIT_MS ?? 2000);
// a user with an account of his own, whose identity alice must not be able to link (409)
const otherUser = process.env.OTHER_USER ?? 'bob';
const otherPassword = process.env.OTHER_PASSWORD ?? 'bob-songprint';
// a user who never logs in alone on this stack: the identity linked to alice's account and unlinked again
const linkUser = process.env.LINK_USER ?? 'carol';
const linkPassword = process.env.LINK_PASSWORD ?? 'carol-songprint';
const linkName = process.env.LINK_NAME ?? 'Carol Cooper';
mkdirSync(artifacts, { recursive: true });

// sent to log in: with one provider that is the provider's own form (the login page only lists several)
function sentToLogin(page) {
  const url = new URL(page.url());
  return url.pathname === '/login' || url.port === keycloakPort;
}

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

const sameOrigin = (url) => new URL(url).origin === new URL(base).origin;

// Fills in the provider's (Keycloak's) login form and answers the HTTP status of the Songprint page the
// browser lands on. When the provider still has someone's session it asks only for that person's
// password: "Restart login" lets another person log in, as on a shared computer.
async function providerLogin(page, who, secret) {
  await page.waitForSelector('#kc-form-login');
  if ((await page.locator('#username').count()) === 0) {
    await page.click('#reset-login');
    await page.waitForSelector('#username');
  }
  await page.fill('#username', who);
  await page.fill('#password', secret);
  const landed = page.waitForResponse((r) => sameOrigin(r.url()) && r.request().isNavigationRequest()
    && (r.status() < 300 || r.status() >= 400));
  await page.click('#kc-login');
  const response = await landed;
  await page.waitForLoadState();
  return response.status();
}

// quarkus-oidc's session cookies of the login tenants (q_session_<tenant>, or its chunks) in a context
async function providerSessionCookies(someContext) {
  return (await someContext.cookies(base)).filter((c) => c.name.startsWith('q_session')).map((c) => c.name);
}

// A POST as a form in the context (its cookies), without following the answer's redirect
function postForm(someContext, path, form) {
  return someContext.request.post(`${base}${path}`, { form, maxRedirects: 0 });
}

const redirectsTo = (response, path) => [302, 303].includes(response.status())
  && new URL(response.headers().location, base).pathname === path;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking'],
});

// A new browser context (a browser profile of its own: no cookies shared with the others) and its page
async function freshBrowser() {
  const someContext = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const somePage = await someContext.newPage();
  somePage.on('dialog', (dialog) => dialog.accept());
  return [someContext, somePage];
}

const [context, page] = await freshBrowser();
const summary = {};
try {
  // 1. log in through the provider's real form
  await page.goto(`${base}/`);
  await page.click('#login-link');
  await page.waitForSelector('#kc-form-login');
  check(new URL(page.url()).port === keycloakPort, "with one login provider, one click on 'Log in' shows the provider's login form");
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
  await Promise.all([page.waitForURL(/\/applications\/\d+\?done=registered$/), page.click('#save-application')]);
  check((await page.textContent('#done-notice')).includes('registered'), 'the new application page confirms the registration');
  const applicationUrl = page.url().replace(/\?.*$/, '');
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

  // the page's examples of using the key, run as shown (song.mp3 replaced by the demo recording)
  const audio = required('DEMO_AUDIO');
  const example = async (id) => (await page.textContent(`#${id}`)).replaceAll('song.mp3', audio);
  const shell = JSON.parse(execFileSync('bash', ['-c', await example('usage-curl')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  check(shell.status === 'ok' && shell.results.length > 0, `the page's fpcalc and curl example finds the demo recording (${shell.results.length} result)`);
  const python = execFileSync('/usr/bin/python3', ['-c', await example('usage-python')], { encoding: 'utf8' });
  check(/^\d\.\d+ [0-9a-f-]{36} /m.test(python), `the page's pyacoustid example finds it too: ${python.split('\n')[0]}`);
  await sleep(700);

  // 4. regenerate: the old key is refused everywhere within the limit, the new one accepted
  // timed from the click, so the figure includes the page's own round trip (an upper bound)
  const regeneratedAt = Date.now();
  await Promise.all([page.waitForURL(/done=regenerated/), page.click('#regenerate-client-key')]);
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
  check(sentToLogin(page), 'after logging out, the applications page sends to the login page');
  await page.screenshot({ path: `${artifacts}/06-logged-out.png` });

  await loginsAndLinks();
  await catalogueAndCuration(secondKey);
  writeFileSync(`${artifacts}/summary.json`, JSON.stringify(summary, null, 2));
  console.log(`browser test passed: ${JSON.stringify(summary)}; screenshots in ${artifacts}`);
} catch (error) {
  for (const open of browser.contexts()) {
    for (const [i, openPage] of open.pages().entries()) {
      if (openPage !== page) {
        await openPage.screenshot({ path: `${artifacts}/failure-${browser.contexts().indexOf(open)}-${i}.png`, fullPage: true })
          .catch(() => {});
      }
    }
  }
  await page.screenshot({ path: `${artifacts}/failure.png`, fullPage: true }).catch(() => {});
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}

// Logins and links (issue 20, section 3), each person in a browser context of their own.
async function loginsAndLinks() {
  // 7. a refused login leaves no provider session behind. bob has an account of his own ...
  const [otherContext, otherPage] = await freshBrowser();
  await otherPage.goto(`${base}/login/songprint`);
  check(await providerLogin(otherPage, otherUser, otherPassword) === 200, `${otherUser} is logged in to an account of his own`);
  await otherContext.close();

  // ... and alice, logged in on a shared computer, comes back from the provider as bob: a conflicting link
  const [shared, sharedPage] = await freshBrowser();
  await sharedPage.goto(`${base}/login/songprint`);
  check(await providerLogin(sharedPage, user, password) === 200, `${user} is logged in on the shared computer`);
  await sharedPage.goto(`${base}/login/songprint`);
  const refused = await providerLogin(sharedPage, otherUser, otherPassword);
  check(refused === 409 && (await sharedPage.textContent('h1')).includes('Login already in use'),
    `coming back as ${otherUser}, whose login belongs to another account, is refused (HTTP ${refused})`);
  await sharedPage.screenshot({ path: `${artifacts}/07-login-conflict.png` });
  const left = await providerSessionCookies(shared);
  check(left.length === 0, `no provider session cookie is left after the refused login (${JSON.stringify(left)})`);
  const cookiesAfterFailure = await shared.cookies();

  // alice logs out and leaves; the next person at this computer, or anyone with a copy of its cookies,
  // meets the provider's password form instead of being let in as bob
  await sharedPage.goto(`${base}/account`);
  await Promise.all([sharedPage.waitForURL(`${base}/`), sharedPage.click('#logout')]);
  await sharedPage.goto(`${base}/login/songprint`);
  check(!sameOrigin(sharedPage.url()) && (await sharedPage.locator('#kc-form-login').count()) === 1,
    'the next person at that browser is asked for a password by the provider, not logged in');
  const [copied, copiedPage] = await freshBrowser();
  await copied.addCookies(cookiesAfterFailure);
  await copiedPage.goto(`${base}/login/songprint`);
  check(!sameOrigin(copiedPage.url()), "another context holding a copy of that browser's cookies is not logged in either");
  await copiedPage.goto(`${base}/account`);
  check(sentToLogin(copiedPage), '... and the copied, logged-out Songprint session opens nothing');
  await shared.close();
  await copied.close();

  // 8. linking a second login takes a confirmation, from the session it was offered to
  const [mine, minePage] = await freshBrowser();
  await minePage.goto(`${base}/login/songprint`);
  check(await providerLogin(minePage, user, password) === 200, `${user} is logged in`);
  const userKey = (await minePage.textContent('#user-api-key')).trim();
  // a run interrupted before its unlink step left the link behind: remove it first
  while ((await minePage.locator('li.login', { hasText: linkName }).count()) > 0) {
    await Promise.all([minePage.waitForURL(/unlinked=1/),
      minePage.locator('li.login', { hasText: linkName }).locator('button.unlink').click()]);
  }
  const [other, otherBrowserPage] = await freshBrowser();
  await otherBrowserPage.goto(`${base}/account`);
  check(sentToLogin(otherBrowserPage), `another browser context sees no session while ${user} is logged in`);

  await minePage.click('#link-songprint');
  const offered = await providerLogin(minePage, linkUser, linkPassword);
  if (offered === 409) {
    throw new Error(`${linkUser} has an account of their own on this stack, so cannot be linked to ${user}'s: `
      + 'set LINK_USER, LINK_PASSWORD and LINK_NAME to a realm user who never logged in alone');
  }
  const pendingText = await minePage.textContent('#pending-identity');
  check(offered === 200 && (await minePage.textContent('h1')).includes('Link a login to your account?')
    && pendingText.includes(linkName), `coming back from the provider as ${linkUser} asks: link ${pendingText.trim()}?`);
  await minePage.screenshot({ path: `${artifacts}/08-link-confirmation.png`, fullPage: true });
  check((await providerSessionCookies(mine)).length === 0, 'no provider session cookie is left on the confirmation page');
  const form = {
    csrf: await minePage.inputValue('#link-form input[name=csrf]'),
    link: await minePage.inputValue('#link-form input[name=link]'),
    decision: 'link',
  };
  const tab = await mine.newPage();
  await tab.goto(`${base}/account`);
  check(await tab.locator('li.login').count() === 1, 'nothing is linked before the confirmation');
  await tab.close();

  // the confirmation form, replayed from another context: without a session, then with bob's
  let replayed = await postForm(other, '/login/link', form);
  check(redirectsTo(replayed, '/login'), `${user}'s confirmation form posted by another context without a session is sent to log in`);
  await otherBrowserPage.goto(`${base}/login/songprint`);
  check(await providerLogin(otherBrowserPage, otherUser, otherPassword) === 200, `${otherUser} logs in in the other context`);
  replayed = await postForm(other, '/login/link', form);
  check(replayed.status() === 403, `${otherUser}'s session posting ${user}'s form (her CSRF token) is refused (HTTP ${replayed.status()})`);
  const otherCsrf = await otherBrowserPage.locator('input[name=csrf]').first().inputValue();
  replayed = await postForm(other, '/login/link', { ...form, csrf: otherCsrf });
  check(replayed.status() === 410, `with its own CSRF token, ${otherUser}'s session finds nothing to link (HTTP ${replayed.status()})`);
  await other.close();

  await Promise.all([minePage.waitForURL(`${base}/account?linked=1`), minePage.click('#link-confirm')]);
  let names = await minePage.locator('li.login .who').allTextContents();
  check(names.length === 2 && names.includes(linkName),
    `after confirming, the profile lists both logins: ${(await minePage.locator('li.login').allInnerTexts()).map((t) => t.split('\n')[0]).join(' | ')}`);
  await minePage.screenshot({ path: `${artifacts}/09-linked.png`, fullPage: true });
  replayed = await postForm(mine, '/login/link', form);
  check(replayed.status() === 410, `the confirmation form works once (again: HTTP ${replayed.status()})`);

  // the linked identity alone opens alice's account
  const [linked, linkedPage] = await freshBrowser();
  await linkedPage.goto(`${base}/login/songprint`);
  check(await providerLogin(linkedPage, linkUser, linkPassword) === 200
    && (await linkedPage.textContent('#user-api-key')).trim() === userKey, `logging in as ${linkUser} now opens ${user}'s account`);

  // 9. unlink: the linked login goes, the account's other browsers are logged out, the last login stays
  await minePage.goto(`${base}/account`);
  const own = minePage.locator('li.login', { hasNotText: linkName });
  const ownLogin = { kind: await own.locator('input[name=kind]').inputValue(), key: await own.locator('input[name=key]').inputValue() };
  await Promise.all([minePage.waitForURL(`${base}/account?unlinked=1`),
    minePage.locator('li.login', { hasText: linkName }).locator('button.unlink').click()]);
  names = await minePage.locator('li.login .who').allTextContents();
  check(names.length === 1 && !names.includes(linkName) && await minePage.locator('#only-login').count() === 1,
    `after removing ${linkName}, one login is left and is marked as the only one`);
  await minePage.screenshot({ path: `${artifacts}/10-unlinked.png`, fullPage: true });
  await linkedPage.goto(`${base}/account`);
  check(sentToLogin(linkedPage), `the browser logged in through ${linkUser} is logged out`);
  await linked.close();
  const csrf = await minePage.locator('input[name=csrf]').first().inputValue();
  const last = await postForm(mine, '/account/logins/unlink', { csrf, ...ownLogin });
  check(last.status() === 409 && (await last.text()).includes('only login of your account'),
    `removing the last login is refused (HTTP ${last.status()}) with a message saying why`);
  await minePage.goto(`${base}/account`);
  check(await minePage.locator('li.login').count() === 1, 'the last login is still there');

  // 10. nothing of this context works in another: its cookies after logout, its CSRF token in a new session
  const cookiesBeforeLogout = await mine.cookies();
  await Promise.all([minePage.waitForURL(`${base}/`), minePage.click('#logout')]);
  const [later, laterPage] = await freshBrowser();
  await later.addCookies(cookiesBeforeLogout);
  await laterPage.goto(`${base}/account`);
  check(sentToLogin(laterPage), 'a context with a copy of the logged-out cookies sees no session');
  check(redirectsTo(await postForm(later, '/account/apikey', { csrf }), '/login'), '... and its replayed form is sent to log in');
  await laterPage.goto(`${base}/login/songprint`);
  check(await providerLogin(laterPage, user, password) === 200, `${user} logs in again there`);
  const refusedForm = await postForm(later, '/account/apikey', { csrf });
  await laterPage.goto(`${base}/account`);
  check(refusedForm.status() === 403 && (await laterPage.textContent('#user-api-key')).trim() === userKey,
    `the old session's CSRF token is refused in the new session (HTTP ${refusedForm.status()}), the key is unchanged`);
  await laterPage.screenshot({ path: `${artifacts}/11-new-session.png` });
  await Promise.all([laterPage.waitForURL(`${base}/`), laterPage.click('#logout')]);
  await later.close();
  await mine.close();
}

// The recordings /v2/lookup answers for the demo fingerprint with the key: its track and their MBIDs
async function demoRecordings(key) {
  const body = new URLSearchParams({ client: key, duration: String(duration), fingerprint, meta: 'recordingids' });
  for (;;) {
    const answer = await (await fetch(`${base}/v2/lookup`, { method: 'POST', body })).json();
    if (answer.status === 'ok') {
      const best = answer.results[0];
      return { track: best.id, mbids: (best.recordings ?? []).map((r) => r.id) };
    }
    if (answer.error.code !== 14) throw new Error(`lookup failed: ${JSON.stringify(answer)}`);
    await sleep(600); // AcoustID's per-IP limit: wait for the window
  }
}

// Polls until the demo track's lookup answer does (present) or does not list the MBID; answers when, by Date.now()
async function untilRecording(key, mbid, present, limitMs) {
  const start = Date.now();
  for (;;) {
    const { mbids } = await demoRecordings(key);
    if (mbids.includes(mbid) === present) return Date.now();
    if (Date.now() - start > limitMs) throw new Error(`MBID ${mbid} still ${present ? 'absent' : 'present'} after ${limitMs} ms`);
    await sleep(250);
  }
}

// The catalogue pages (issue 23): the demo track, its fingerprint drawn, its recording; logged in, a
// wrong MBID link is disabled with a note, lookups stop returning it within 2 s, and it is enabled again.
async function catalogueAndCuration(key) {
  const [visitor, visitorPage] = await freshBrowser();
  const { track, mbids } = await demoRecordings(key);
  check(mbids.length >= 1, `the demo track ${track} has MBID links (${mbids.length})`);
  const mbid = mbids[0];
  await visitorPage.goto(`${base}/track/${track}`);
  check((await visitorPage.textContent('#track-gid')).trim() === track, 'the track page shows the track');
  const row = visitorPage.locator(`#recordings tr[data-mbid="${mbid}"]`);
  check((await row.textContent()).includes('enabled'), 'the track page lists its MusicBrainz recordings, enabled');
  check(await row.locator(`a[href="/login?return=/track/${track}"]`).count() === 1,
    'logged out, a link asks to log in to disable a wrong link');
  await visitorPage.screenshot({ path: `${artifacts}/12-track.png`, fullPage: true });
  check(redirectsTo(await postForm(visitor, `/track/${track}/recordings/${mbid}`, { disabled: '1', csrf: 'x' }), '/login'),
    'a link change posted without a session is sent to log in');

  await visitorPage.click('#fingerprints a');
  await visitorPage.waitForURL(/\/fingerprint\/\d+$/);
  const drawn = await visitorPage.locator('#fingerprint-image').evaluate((img) => img.complete && img.naturalWidth);
  check(drawn > 50 && (await visitorPage.textContent('#fingerprint-track')).trim() === track,
    `the fingerprint page draws the fingerprint (${drawn} items wide) and names its track`);
  await visitorPage.screenshot({ path: `${artifacts}/13-fingerprint.png`, fullPage: true });
  // compared with another demo fingerprint through the page's form: both drawn aligned, with the score
  const fingerprintId = new URL(visitorPage.url()).pathname.split('/')[2];
  const otherId = fingerprintId === '1' ? '2' : '1';
  await visitorPage.fill('#other', otherId);
  await Promise.all([visitorPage.waitForURL(new RegExp(`/fingerprint/${fingerprintId}/compare/${otherId}$`)),
    visitorPage.click('form.compare button')]);
  const comparedWidth = await visitorPage.locator('#comparison-image').evaluate((img) => img.complete && img.naturalWidth);
  const score = Number((await visitorPage.textContent('#compare-score')).trim());
  check(comparedWidth >= drawn && score >= 0 && score <= 1,
    `fingerprints ${fingerprintId} and ${otherId} compared: drawn aligned (${comparedWidth} items wide), compare2 score ${score}`);
  await visitorPage.screenshot({ path: `${artifacts}/13-compared.png`, fullPage: true });
  await visitorPage.goBack();
  await visitorPage.setViewportSize({ width: 390, height: 844 });
  const overflow = await visitorPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `the fingerprint page fits 390 px wide (the drawing scrolls inside its frame; page overflow ${overflow} px)`);
  await visitorPage.screenshot({ path: `${artifacts}/14-fingerprint-390.png`, fullPage: true });
  await visitorPage.setViewportSize({ width: 1100, height: 900 });

  await visitorPage.goto(`${base}/mbid/${mbid}`);
  check(await visitorPage.locator(`#tracks a[href="/track/${track}"]`).count() === 1, 'the MBID page lists the track');
  const unknown = await visitorPage.goto(`${base}/mbid/${crypto.randomUUID()}`);
  check(unknown.status() === 404 && (await visitorPage.textContent('h1')).includes('not found'),
    'an MBID no track has is a "not found" page with status 404');

  // logged in through the track page's link, back on the track page: disable the link with a note
  await visitorPage.goto(`${base}/track/${track}`);
  await row.locator('a[href^="/login"]').click();
  check(await providerLogin(visitorPage, user, password) === 200
    && new URL(visitorPage.url()).pathname === `/track/${track}`, `${user} logs in from the track page and is back on it`);
  const forged = await postForm(visitor, `/track/${track}/recordings/${mbid}`, { disabled: '1', csrf: 'not-the-token' });
  check(forged.status() === 403, `a link change with a wrong CSRF token is refused (HTTP ${forged.status()})`);
  await row.locator('input[name=note]').fill('browser test: not this recording');
  const disabledAt = Date.now();
  await Promise.all([visitorPage.waitForURL(/changed=/), row.locator('button').click()]);
  check((await row.getAttribute('class') ?? '').includes('disabled')
    && (await row.locator('.change').textContent()).includes('browser test: not this recording'),
  `the link shows as disabled, with who disabled it and the note: ${(await row.locator('.change').textContent()).trim()}`);
  summary.mbidDroppedMs = (await untilRecording(key, mbid, false, 10000)) - disabledAt;
  check(summary.mbidDroppedMs <= 2000, `/v2/lookup stops returning the MBID ${summary.mbidDroppedMs} ms after the click (limit 2000 ms)`);
  await visitorPage.screenshot({ path: `${artifacts}/15-link-disabled.png`, fullPage: true });
  await visitorPage.goto(`${base}/track/${track}`); // so the answer's ?changed= is a new address
  const enabledAt = Date.now();
  await Promise.all([visitorPage.waitForURL(/changed=/), row.locator('button').click()]);
  check(!(await row.getAttribute('class') ?? '').includes('disabled'), 'enabled again, the link shows as enabled');
  summary.mbidBackMs = (await untilRecording(key, mbid, true, 10000)) - enabledAt;
  check(summary.mbidBackMs <= 2000, `/v2/lookup returns the MBID again ${summary.mbidBackMs} ms after the click`);
  await Promise.all([visitorPage.waitForURL(`${base}/`), visitorPage.click('#logout')]);
  await visitor.close();
}
