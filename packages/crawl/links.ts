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

const TAG = /<(a|area|base|link|meta)\b([^>]*)>/gi;
const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const COMMENT = /<!--[\s\S]*?-->/g;
const SCRIPT_OR_STYLE = /<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi;

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
  let text = html;
  if (text.includes('<!--')) text = text.replace(COMMENT, '');
  if (/<(script|style|template)\b/i.test(text)) text = text.replace(SCRIPT_OR_STYLE, '');
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
