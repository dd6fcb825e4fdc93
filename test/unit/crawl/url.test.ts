import { describe, expect, it } from 'vitest';
import {
  calendarPattern,
  compileFilter,
  createTrapGuard,
  isSameSite,
  normaliseUrl,
  passesFilter,
  staticTrapReason,
  urlKey,
} from '../../../packages/crawl/url.ts';

describe('normaliseUrl', () => {
  it.each([
    ['HTTP://Example.COM:80/a/../b#top', 'http://example.com/b'],
    ['https://example.com:443/', 'https://example.com/'],
    ['https://example.com/p?utm_source=x&b=2&a=1&fbclid=z', 'https://example.com/p?a=1&b=2'],
    ['https://example.com/p?utm_campaign=x', 'https://example.com/p'],
    ['https://example.com/p;jsessionid=ABC123?x=1', 'https://example.com/p?x=1'],
    ['https://example.com/p?PHPSESSID=abc&q=1', 'https://example.com/p?q=1'],
  ])('normalises %s to %s', (raw, expected) => {
    expect(normaliseUrl(raw)).toBe(expected);
  });

  it.each([
    'mailto:help@example.com',
    'javascript:void(0)',
    'ftp://example.com/x',
    'https://user:pw@example.com/',
    'not a url',
  ])('rejects %s', (raw) => {
    expect(normaliseUrl(raw)).toBeUndefined();
  });

  it('resolves a relative link against its page', () => {
    expect(normaliseUrl('../sla#x', 'https://example.com/docs/support/')).toBe(
      'https://example.com/docs/sla',
    );
  });
});

describe('urlKey', () => {
  it.each([
    ['https://example.com/about/', 'http://www.example.com/about'],
    ['https://example.com/', 'https://example.com'],
    ['https://example.com/p?a=1&b=2', 'https://www.example.com/p?a=1&b=2'],
  ])('counts %s and %s as one page', (a, b) => {
    expect(urlKey(normaliseUrl(a) as string)).toBe(urlKey(normaliseUrl(b) as string));
  });

  it('keeps pages with different queries apart', () => {
    expect(urlKey('https://example.com/p?a=1')).not.toBe(urlKey('https://example.com/p?a=2'));
  });
});

describe('isSameSite', () => {
  it.each([
    ['https://example.com/a', 'http://www.example.com/b', true],
    ['http://127.0.0.1:8080/a', 'http://127.0.0.1:8080/b', true],
    ['http://127.0.0.1:8080/a', 'http://127.0.0.1:9090/a', false],
    ['https://example.com/a', 'https://docs.example.com/a', false],
    ['https://example.com/a', 'https://example.org/a', false],
  ])('%s and %s same site: %s', (a, b, same) => {
    expect(isSameSite(a, b)).toBe(same);
  });
});

describe('include and exclude patterns', () => {
  it.each([
    [['/docs/**'], [], 'https://e.com/docs/a/b', true],
    [['/docs/**'], [], 'https://e.com/blog/a', false],
    [['/blog/*'], [], 'https://e.com/blog/post', true],
    [['/blog/*'], [], 'https://e.com/blog/post/comments', false],
    [['*.pdf'], [], 'https://e.com/files/sla.pdf', true],
    [['/pricing'], [], 'https://e.com/pricing/enterprise', true],
    [['/pricing'], [], 'https://e.com/pricing-old', false],
    [[], ['/careers/'], 'https://e.com/careers/job-1', false],
    [[], ['/careers/'], 'https://e.com/support', true],
    [['/support/**'], ['/support/forum/**'], 'https://e.com/support/forum/t/1', false],
    [['https://e.com/legal/*'], [], 'https://e.com/legal/sla', true],
  ])('include %j exclude %j: %s passes = %s', (include, exclude, url, passes) => {
    expect(passesFilter(url, compileFilter(include, exclude))).toBe(passes);
  });
});

describe('trap rules', () => {
  it.each([
    ['https://e.com/events/2031/07', 'e.com/events/YYYY/NN?'],
    ['https://e.com/calendar?month=2031-07', 'e.com/calendar?month=DATE'],
    ['https://e.com/archive/2031-07-01/', 'e.com/archive/DATE/?'],
    ['https://e.com/cal?year=2031&m=7', 'e.com/cal?m=DATE&year=DATE'],
  ])('recognises %s as a calendar page', (url, shape) => {
    expect(calendarPattern(url)).toBe(shape);
  });

  it.each(['https://e.com/sla', 'https://e.com/plans?tier=pro', 'https://e.com/p/1234'])(
    'does not take %s for a calendar',
    (url) => {
      expect(calendarPattern(url)).toBeUndefined();
    },
  );

  it('stops following a calendar after its limit of pages', () => {
    const guard = createTrapGuard({ maxCalendarPages: 3, maxQueryVariants: 100, maxPathSegments: 16 });
    const verdicts = Array.from({ length: 5 }, (_, i) => guard.check(`https://e.com/calendar/2031/${i + 1}`));
    expect(verdicts.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(verdicts[3]).toMatch(/calendar-like pages/);
  });

  it('stops following endless query permutations of one path', () => {
    const guard = createTrapGuard({ maxCalendarPages: 10, maxQueryVariants: 2, maxPathSegments: 16 });
    expect(guard.check('https://e.com/search?q=a')).toBeUndefined();
    expect(guard.check('https://e.com/search?q=b')).toBeUndefined();
    expect(guard.check('https://e.com/search?q=c')).toMatch(/query variants/);
    expect(guard.check('https://e.com/other?q=c')).toBeUndefined();
  });

  it.each([
    ['https://e.com/a/b/a/b/a/b/a/b', /repeats/],
    [
      `https://e.com/${'x/'.repeat(1)}${Array.from({ length: 20 }, (_, i) => `s${i}`).join('/')}`,
      /path segments/,
    ],
    ['https://e.com/p?a=1&b=1&c=1&d=1&e=1&f=1&g=1&h=1&i=1', /query parameters/],
  ])('refuses the trap URL %s', (url, reason) => {
    expect(staticTrapReason(url)).toMatch(reason);
  });
});
