import { load } from 'cheerio/slim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../packages/api/index.ts';
import type { Store } from '../../../packages/core/index.ts';
import { silentLogger } from '../../../packages/core/index.ts';
import { createApiKey } from '../../../packages/keys/index.ts';
import { type EmbeddedStore, openEmbeddedStore } from '../../../packages/store/index.ts';
import { LATEST, NOW, promise, verdict } from './fixtures.ts';

let embedded: EmbeddedStore;
let store: Store;
let readKey: string;

const hostile = promise('p_hostile', {
  quote: '<script>document.title="pwned"</script><img src=x onerror="alert(1)"> Replies in 1 hour.',
  sourceUrl: 'javascript:alert(document.cookie)',
  qualifiers: { tier: '"><svg onload=alert(1)>' },
});
const fine = promise('p_fine', {
  category: 'uptime',
  quote: 'Available 99.9% of the time.',
  unit: 'percent',
});
const late = promise('p_late', { category: 'delivery_time', quote: 'Ships in 2 days.', unit: 'days' });
const unmeasured = promise('p_none', { category: 'refund_guarantee', quote: 'Refunds within 14 days.' });

const app = () => createApp({ store, now: () => NOW, logger: silentLogger });
const page = (path: string, cookie?: string) => app().request(path, { headers: cookie ? { cookie } : {} });

beforeAll(async () => {
  embedded = await openEmbeddedStore({ dataDir: ':memory:' });
  store = embedded.store;
  readKey = (await createApiKey(store, { scope: 'read', now: () => NOW })).key;
  await store.putPromises([hostile, fine, late, unmeasured]);
  await store.putVerdicts([
    verdict(hostile, LATEST, 'kept', { attainment: 99 }),
    verdict(fine, LATEST, 'kept', { attainment: 100 }),
    verdict(late, LATEST, 'breached', { attainment: 70, matched: 4, alleging: 3 }),
  ]);
  await store.putVerdicts([verdict(late, '2026-W45', 'kept', { attainment: 96 })]);
});

afterAll(async () => {
  await embedded?.close();
});

describe('the dashboard', () => {
  it('asks for a key first, with a form and no data', async () => {
    const res = await page('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<form class="unlock" method="post" action="/unlock">');
    expect(html).not.toContain('Ships in 2 days');
  });

  it('unlocks with the form, setting an HttpOnly cookie and redirecting to a URL without the key', async () => {
    const res = await app().request('/unlock', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ key: readKey }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('turns ?key= into the cookie and drops it from the URL, keeping the filters', async () => {
    const res = await page(`/?status=kept&key=${readKey}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/?status=kept');
  });

  it('refuses a wrong key with 401 and the form again', async () => {
    const res = await page(`/?key=pg_read_${'B'.repeat(43)}`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('That key is not valid.');
  });

  it('lists promises in a table, worst first, under a headline that says what matters', async () => {
    const html = await (await page('/', `pg_key=${readKey}`)).text();
    const $ = load(html);
    expect($('h1').text()).toBe('1 promise broken this week');
    expect($('.sub').text()).toContain('1 not measured');
    const order = $('tbody tr[data-promise]')
      .map((_, tr) => $(tr).attr('data-promise'))
      .get();
    expect(order[0]).toBe('p_late');
    expect(order.indexOf('p_none')).toBeLessThan(order.indexOf('p_fine'));
    expect(
      $('thead th')
        .map((_, th) => $(th).text())
        .get(),
    ).toEqual(['Status', 'Promise', 'Category', 'Plan', 'Attainment', 'Trend', 'Complaints']);
    const late = $('tr[data-promise="p_late"]');
    expect(late.text()).toContain('Ships in 2 days.');
    expect(late.text()).toContain('3 of 4 allege a breach');
    expect(late.find('a.quote').attr('href')).toBe('/promises/p_late?window=2026-W47');
    expect(html).toMatch(
      /<svg class="spark"[^>]*aria-label="attainment over the last 8 weeks: 2026-W40 no data/,
    );
  });

  it('sorts on the server by the column asked for, so sorting works without the script', async () => {
    const html = await (await page('/?sort=attainment&dir=desc', `pg_key=${readKey}`)).text();
    const $ = load(html);
    const order = $('tbody tr[data-promise]')
      .map((_, tr) => $(tr).attr('data-promise'))
      .get();
    expect(order.slice(0, 3)).toEqual(['p_fine', 'p_hostile', 'p_late']);
    expect($('th[aria-sort="descending"]').text()).toBe('Attainment');
  });

  it('shows a promise on its own page: evidence, 13 weeks of history, statements, versions, complaints', async () => {
    const res = await page('/promises/p_late?window=2026-W47', `pg_key=${readKey}`);
    expect(res.status).toBe(200);
    const $ = load(await res.text());
    expect(
      $('section')
        .map((_, s) => $(s).attr('id'))
        .get(),
    ).toEqual(['evidence', 'history', 'statements', 'versions', 'complaints']);
    expect($('#history tbody tr')).toHaveLength(13);
    expect($('#complaints').text()).toContain('Nobody answered my ticket for two days.');
    expect((await page('/promises/p_missing', `pg_key=${readKey}`)).status).toBe(404);
    expect((await page('/promises/p_late')).status).toBe(200); // the unlock form, no data
    expect(await (await page('/promises/p_late')).text()).not.toContain('Ships in 2 days');
  });

  it('escapes hostile page text and never links a javascript: URL', async () => {
    const res = await page('/', `pg_key=${readKey}`);
    const html = await res.text();
    expect(html).not.toContain('<script>document.title');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it.each([
    ['status=breached', ['p_late']],
    ['category=uptime', ['p_fine']],
    ['status=no_data', ['p_none']],
    ['window=2026-W45', ['p_late', 'p_none', 'p_fine', 'p_hostile']],
  ])('filters with %s', async (query, ids) => {
    const $ = load(await (await page(`/?${query}`, `pg_key=${readKey}`)).text());
    const shown = $('tbody tr[data-promise]:not([hidden])')
      .map((_, tr) => $(tr).attr('data-promise'))
      .get();
    expect(shown.sort()).toEqual([...ids].sort());
  });

  it('is readable on a phone (viewport meta) and its stylesheet needs no key', async () => {
    const html = await (await page('/', `pg_key=${readKey}`)).text();
    expect(html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
    const css = await page('/assets/dashboard.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
    expect((await page('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });
});
