import { describe, expect, it } from 'vitest';
import { discoverLinks } from '../../../packages/crawl/index.ts';

describe('discoverLinks', () => {
  it('finds links in document order, resolved against the page', () => {
    const html = `<a href="/a">A</a><A HREF='b'>B</A><area href=c><a href="https://other.example/x">X</a>`;
    expect(discoverLinks(html, 'https://e.com/dir/page').links).toEqual([
      'https://e.com/a',
      'https://e.com/dir/b',
      'https://e.com/dir/c',
      'https://other.example/x',
    ]);
  });

  it('resolves against the first <base href>', () => {
    const html = '<base href="https://e.com/root/"><a href="x">x</a>';
    expect(discoverLinks(html, 'https://e.com/elsewhere/').links).toEqual(['https://e.com/root/x']);
  });

  it('decodes entities in hrefs', () => {
    expect(discoverLinks('<a href="/p?a=1&amp;b=2&#38;c=3">', 'https://e.com/').links).toEqual([
      'https://e.com/p?a=1&b=2&c=3',
    ]);
  });

  it('ignores links in comments, scripts and templates, fragments-only links and downloads', () => {
    const html = `<!-- <a href="/commented"> --><script>var s = '<a href="/scripted">';</script>
      <template><a href="/templated"></a></template><a href="#top">top</a><a href="/file.zip" download>f</a><a href="/kept">k</a>`;
    expect(discoverLinks(html, 'https://e.com/').links).toEqual(['https://e.com/kept']);
  });

  it('reads the canonical link and a robots nofollow', () => {
    const html =
      '<link rel="alternate canonical" href="/the-page"><meta name="ROBOTS" content="noindex, nofollow">';
    expect(discoverLinks(html, 'https://e.com/the-page?ref=x')).toEqual({
      links: [],
      canonical: 'https://e.com/the-page',
      nofollow: true,
    });
  });
});
