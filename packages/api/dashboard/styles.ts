// The dashboard's stylesheet, served as a file so the page's CSP can forbid inline styles. Below 720 px
// the table's rows become stacked cards, each cell labelled, so a phone never scrolls sideways.

export const DASHBOARD_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
a{color:#0b57d0}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #1f6feb;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0}.skip:focus{left:8px;top:8px;background:#fff;padding:6px 10px;z-index:2}
.top{padding:10px 16px;border-bottom:1px solid #e5e7eb;display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center}
.top .brand{font-weight:700;color:#1f2328;text-decoration:none}
.top .window{color:#57606a;font-size:14px}
.top form{margin-left:auto}
main{max-width:1360px;margin:0 auto;padding:12px 16px 48px}
h1{font-size:24px;line-height:1.25;margin:12px 0 4px}
h1.breached{color:#a40e26}
.sub{color:#3d4650;margin:0 0 14px}
h2{font-size:18px;margin:28px 0 8px}
.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin:8px 0 10px;padding:10px;background:#f6f8fa;border-radius:8px}
.filters label{display:flex;flex-direction:column;font-size:13px;color:#3d4650;gap:2px}
.filters .search{flex:1 1 220px}
select,input,button{font:inherit;padding:6px 8px;border:1px solid #afb8c1;border-radius:6px;background:#fff;min-height:38px;color:#1f2328}
button{cursor:pointer;background:#f3f4f6}
.count{font-size:14px;color:#3d4650;margin:4px 0 8px}
table.promises{width:100%;border-collapse:collapse;font-size:14px}
.promises th{text-align:left;font-size:13px;color:#3d4650;border-bottom:2px solid #d0d7de;padding:6px 8px;white-space:nowrap;vertical-align:bottom}
.promises th a{color:inherit;text-decoration:none}
.promises th a:hover{text-decoration:underline}
.promises th[aria-sort=ascending] a::after{content:" ▲"}
.promises th[aria-sort=descending] a::after{content:" ▼"}
.promises td{border-bottom:1px solid #e5e7eb;padding:8px;vertical-align:top}
.promises tr:hover td{background:#f9fafb}
.promises td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.promises .quote{display:block;font-weight:600;color:#1f2328;text-decoration:none;overflow-wrap:anywhere}
.promises .quote:hover{text-decoration:underline}
.promises .what{display:block;color:#3d4650;font-size:13px;overflow-wrap:anywhere}
.muted{color:#57606a}
.badge{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:10px;background:#eef0f3;color:#1f2328;white-space:nowrap}
.badge.breached{background:#ffe1e1;color:#8a1c1c}.badge.at_risk{background:#fff1d6;color:#7a3d00}
.badge.kept{background:#dcf5e3;color:#125c2a}.badge.no_data{background:#eaeef2;color:#32383f}
.badge.gap{background:#efe6ff;color:#4c2889}
.alarm{color:#a40e26;font-weight:600}
.spark{display:block;max-width:100%;height:auto}
.empty{color:#57606a;padding:12px 0}
.error{color:#8a1c1c}
.unlock{max-width:420px;margin:12vh auto;padding:24px;border:1px solid #e5e7eb;border-radius:8px}
.unlock input{width:100%;margin:8px 0}
.crumbs{font-size:14px;margin:8px 0}
.detail-head blockquote{margin:6px 0 10px;padding:6px 12px;border-left:4px solid #d0d7de;font-size:18px;overflow-wrap:anywhere}
.facts{display:grid;grid-template-columns:minmax(120px,200px) 1fr;gap:6px 16px;margin:8px 0}
.facts dt{color:#3d4650;font-weight:600}.facts dd{margin:0;overflow-wrap:anywhere}
.detail section{border-top:1px solid #e5e7eb}
.scroll{overflow-x:auto;max-width:100%}
.grid{width:100%;border-collapse:collapse;font-size:14px}
.grid th,.grid td{text-align:left;padding:5px 8px;border-bottom:1px solid #eef0f3;vertical-align:top}
.grid td.num,.grid th.num{text-align:right;font-variant-numeric:tabular-nums}
.nowrap{white-space:nowrap}
.quotes{padding-left:18px}.quotes li{margin:4px 0;overflow-wrap:anywhere}
.rules{white-space:pre-wrap;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;background:#f6f8fa;padding:12px;border-radius:8px;overflow-wrap:anywhere}
@media (max-width:720px){
  .top form{margin-left:0}
  table.promises thead{position:absolute;left:-9999px}
  table.promises,.promises tbody,.promises tr,.promises td{display:block;width:100%}
  .promises tr{border:1px solid #e5e7eb;border-radius:8px;margin:0 0 10px;padding:4px 0}
  .promises td{border:0;padding:4px 10px;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
  .promises td.num{text-align:left}
  .promises td::before{content:attr(data-label);flex:0 0 96px;color:#57606a;font-size:12px;font-weight:600}
  .promises td.lead{display:block}.promises td.lead::before{content:none}
  .facts{grid-template-columns:1fr}
  .grid{font-size:13px}
}
`;

/** The favicon: a check mark in a ring, the product's "promise kept" sign, as SVG. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#0b57d0"/><path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
