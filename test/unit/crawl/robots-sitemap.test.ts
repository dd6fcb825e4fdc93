import { describe, expect, it } from 'vitest';
import { SitemapFormatError } from '../../../packages/crawl/index.ts';
import { parseRobots } from '../../../packages/crawl/robots.ts';
import { parseSitemap } from '../../../packages/crawl/sitemap.ts';

describe('robots.txt rules', () => {
  const text =
    'User-agent: *\nDisallow: /private/\n\nUser-agent: promisegap-bot\nDisallow: /no-bots\nCrawl-delay: 2\nSitemap: https://e.com/sitemap.xml\n';

  it('applies the group for our product token, with its Crawl-delay', () => {
    const rules = parseRobots('https://e.com/robots.txt', text, 'promisegap-bot');
    expect(rules.isAllowed('https://e.com/no-bots')).toBe(false);
    expect(rules.isAllowed('https://e.com/private/x')).toBe(true);
    expect(rules.crawlDelayMs).toBe(2000);
    expect(rules.sitemaps).toEqual(['https://e.com/sitemap.xml']);
  });

  it('applies the catch-all group to another bot', () => {
    const rules = parseRobots('https://e.com/robots.txt', text, 'otherbot');
    expect(rules.isAllowed('https://e.com/private/x')).toBe(false);
    expect(rules.crawlDelayMs).toBeUndefined();
  });
});

describe('parseSitemap', () => {
  it('reads a urlset with escaped and CDATA locations', () => {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://e.com/a?x=1&amp;y=2</loc></url><url><loc><![CDATA[https://e.com/b]]></loc></url></urlset>`;
    expect(parseSitemap('https://e.com/s.xml', xml)).toEqual({
      kind: 'urlset',
      locations: ['https://e.com/a?x=1&y=2', 'https://e.com/b'],
    });
  });

  it('reads a sitemap index', () => {
    const xml = '<sitemapindex><sitemap><loc>https://e.com/s1.xml.gz</loc></sitemap></sitemapindex>';
    expect(parseSitemap('https://e.com/s.xml', xml)).toEqual({
      kind: 'index',
      locations: ['https://e.com/s1.xml.gz'],
    });
  });

  it('reads a plain-text sitemap', () => {
    expect(parseSitemap('https://e.com/s.txt', 'https://e.com/a\nhttps://e.com/b\n').locations).toHaveLength(
      2,
    );
  });

  it.each([
    ['<!doctype html><html><body>Not found</body></html>', /HTML page/],
    ['<rss><channel></channel></rss>', /no <urlset>/],
    ['{"urls": []}', /neither XML nor a list of URLs/],
  ])('refuses %j as not a sitemap', (text, reason) => {
    expect(() => parseSitemap('https://e.com/s.xml', text)).toThrow(SitemapFormatError);
    expect(() => parseSitemap('https://e.com/s.xml', text)).toThrow(reason);
  });
});
