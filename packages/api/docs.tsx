// A readable page of the API, rendered from the same OpenAPI document as /openapi.json (no CDN,
// no script): each route with its parameters, request body and responses.

import type { Child } from 'hono/jsx';

type Json = Record<string, unknown>;

const asObject = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

const DOCS_CSS = `body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1f2328}main{max-width:900px;margin:0 auto;padding:16px}
section{border-top:1px solid #e5e7eb;padding:8px 0}code,pre{font:13px ui-monospace,monospace}pre{background:#f6f7f9;padding:8px;overflow:auto;border-radius:6px}
.m{display:inline-block;min-width:48px;font-weight:700}.get{color:#1a5fb4}.post{color:#1a7f37}table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;border-bottom:1px solid #eee}`;

/** Resolves `#/components/schemas/X` references one level, so a reader sees the fields inline. */
const schemaText = (schema: unknown, doc: Json): string => {
  const components = asObject(asObject(doc.components).schemas);
  const resolve = (s: unknown, depth: number): unknown => {
    const o = asObject(s);
    if (typeof o.$ref === 'string' && depth < 4) {
      const name = o.$ref.split('/').pop() ?? '';
      return resolve(components[name], depth + 1);
    }
    if (depth >= 4) return s;
    if (Array.isArray(s)) return s.map((x) => resolve(x, depth));
    if (s && typeof s === 'object') {
      return Object.fromEntries(
        Object.entries(o).map(([k, v]) => [k, resolve(v, k === 'properties' ? depth : depth + 1)]),
      );
    }
    return s;
  };
  return JSON.stringify(resolve(schema, 0), null, 2);
};

/** A parameter's type in a few words: its enum values when it has them. */
const paramType = (schema: unknown, doc: Json): string => {
  let o = asObject(schema);
  if (typeof o.$ref === 'string') {
    o = asObject(asObject(asObject(doc.components).schemas)[o.$ref.split('/').pop() ?? '']);
  }
  if (Array.isArray(o.enum)) return o.enum.map(String).join(' | ');
  const bounds = [
    o.minimum !== undefined ? `≥ ${o.minimum}` : '',
    o.maximum !== undefined ? `≤ ${o.maximum}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${String(o.type ?? '')}${bounds ? ` (${bounds})` : ''}${o.default !== undefined ? `, default ${String(o.default)}` : ''}`;
};

const Operation = (props: { method: string; path: string; op: Json; doc: Json }) => {
  const { method, path, op, doc } = props;
  const params = Array.isArray(op.parameters) ? (op.parameters as Json[]) : [];
  const body = asObject(asObject(asObject(op.requestBody).content)['application/json']).schema;
  const responses = Object.entries(asObject(op.responses));
  const secured = Array.isArray(op.security) && op.security.length > 0;
  const rows: Child[] = params.map((p) => (
    <tr>
      <td>
        <code>{String(p.name)}</code>
      </td>
      <td>{String(p.in)}</td>
      <td>{p.required ? 'required' : 'optional'}</td>
      <td>{paramType(p.schema, doc)}</td>
      <td>{String(p.description ?? asObject(p.schema).description ?? '')}</td>
    </tr>
  ));
  return (
    <section id={`${method}-${path}`}>
      <h3>
        <span class={`m ${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
      </h3>
      <p>
        {String(op.summary ?? '')}
        {secured ? ' · needs a key' : ''}
      </p>
      {op.description ? <p>{String(op.description)}</p> : null}
      {rows.length > 0 && (
        <table>
          <tbody>{rows}</tbody>
        </table>
      )}
      {body !== undefined && (
        <details>
          <summary>request body</summary>
          <pre>{schemaText(body, doc)}</pre>
        </details>
      )}
      <p>
        responses:{' '}
        {responses.map(([code, r]) => (
          <span>
            <code>{code}</code> {String(asObject(r).description ?? '')};{' '}
          </span>
        ))}
      </p>
    </section>
  );
};

export const DocsPage = (props: { doc: Json }) => {
  const { doc } = props;
  const info = asObject(doc.info);
  const paths = Object.entries(asObject(doc.paths)).sort(([a], [b]) => a.localeCompare(b));
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${String(info.title ?? 'API')} · API`}</title>
        <style>{DOCS_CSS}</style>
      </head>
      <body>
        <main>
          <h1>{String(info.title ?? 'API')}</h1>
          <p>{String(info.description ?? '')}</p>
          <p>
            Send <code>Authorization: Bearer &lt;key&gt;</code>; create keys with{' '}
            <code>npx promisegap keys create --scope read|write</code>. Errors are JSON{' '}
            <code>{'{ "error", "details", "requestId" }'}</code>. Machine-readable:{' '}
            <a href="/openapi.json">/openapi.json</a>.
          </p>
          {paths.flatMap(([path, item]) =>
            Object.entries(asObject(item)).map(([method, op]) => (
              <Operation method={method} path={path} op={asObject(op)} doc={doc} />
            )),
          )}
        </main>
      </body>
    </html>
  );
};
