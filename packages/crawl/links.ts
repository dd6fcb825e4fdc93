// Link discovery without building a DOM: one pass of a tag scanner over the decoded HTML picks
// up <a>/<area> hrefs, <base>, <link rel=canonical> and <meta name=robots>. Lighter and faster
// than a full parse, which the crawler does not need (the extractor parses pages it keeps).

export interface PageLinks {
  /** Absolute hrefs as written (resolved against <base> or the page URL), in document order. */
  links: string[];
  canonical?: string;
  /** <meta name="robots" content="nofollow">: the page asks not to follow its links. */
  nofollow: boolean;
}

// `[^<>]*`, not `[^>]*`: a tag that never closes ends its scan at the next `<`, so a page of
// unclosed tags is read in one pass instead of once per tag (quadratic: 20,000 took 30 s).
const TAG = /<(a|area|base|link|meta)\b([^<>]*)>/gi;
const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const RAW_TEXT_OPEN = /<(script|style|template)\b/gi;

/**
 * Drops comments and script, style and template bodies in one pass with indexOf (a lazy regex
 * rescans to the end for every unclosed one). Unclosed, they run to the end, as in a browser.
 */
const stripHidden = (html: string): string => {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  while (i < html.length) {
    const comment = html.indexOf('<!--', i);
    RAW_TEXT_OPEN.lastIndex = i;
    const raw = RAW_TEXT_OPEN.exec(html);
    const rawAt = raw ? raw.index : -1;
    if (comment < 0 && rawAt < 0) break;
    if (comment >= 0 && (rawAt < 0 || comment < rawAt)) {
      out += html.slice(i, comment);
      const end = html.indexOf('-->', comment + 4);
      i = end < 0 ? html.length : end + 3;
    } else {
      out += html.slice(i, rawAt);
      const close = lower.indexOf(`</${raw?.[1]?.toLowerCase() ?? ''}`, rawAt + 1);
      const end = close < 0 ? -1 : html.indexOf('>', close);
      i = end < 0 ? html.length : end + 1;
    }
  }
  return i < html.length ? out + html.slice(i) : out;
};

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

const decodeEntities = (s: string): string =>
  s.includes('&')
    ? s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ent: string) => {
        if (ent.startsWith('#x') || ent.startsWith('#X'))
          return String.fromCodePoint(Number.parseInt(ent.slice(2), 16) || 0xfffd);
        if (ent.startsWith('#')) return String.fromCodePoint(Number.parseInt(ent.slice(1), 10) || 0xfffd);
        return NAMED_ENTITIES[ent.toLowerCase()] ?? whole;
      })
    : s;

const attributes = (raw: string): Map<string, string> => {
  const out = new Map<string, string>();
  for (const m of raw.matchAll(ATTR)) {
    const name = m[1]?.toLowerCase();
    if (!name || out.has(name)) continue;
    out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
};

const resolve = (href: string, base: URL): string | undefined => {
  const trimmed = href.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return undefined;
  }
};

export const discoverLinks = (html: string, pageUrl: string): PageLinks => {
  const text = html.includes('<!--') || /<(script|style|template)\b/i.test(html) ? stripHidden(html) : html;
  let base = new URL(pageUrl);
  let baseSeen = false;
  const links: string[] = [];
  let canonical: string | undefined;
  let nofollow = false;
  for (const m of text.matchAll(TAG)) {
    const tag = m[1]?.toLowerCase();
    const attrs = attributes(m[2] ?? '');
    if (tag === 'a' || tag === 'area') {
      const href = attrs.get('href');
      if (href === undefined || attrs.has('download')) continue;
      const abs = resolve(href, base);
      if (abs) links.push(abs);
    } else if (tag === 'base' && !baseSeen) {
      const href = attrs.get('href');
      const abs = href === undefined ? undefined : resolve(href, base);
      if (abs) {
        base = new URL(abs);
        baseSeen = true;
      }
    } else if (tag === 'link') {
      const rel = attrs.get('rel')?.toLowerCase().split(/\s+/) ?? [];
      const href = attrs.get('href');
      if (canonical === undefined && rel.includes('canonical') && href !== undefined)
        canonical = resolve(href, base);
    } else if (tag === 'meta') {
      const name = attrs.get('name')?.toLowerCase();
      if (name === 'robots') {
        const content = attrs.get('content')?.toLowerCase() ?? '';
        if (/\b(nofollow|none)\b/.test(content)) nofollow = true;
      }
    }
  }
  return { links, canonical, nofollow };
};
