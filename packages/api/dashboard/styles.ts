// The dashboard's stylesheet, served as a file so the page's CSP can forbid inline styles.

export const DASHBOARD_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
header{padding:12px 16px;border-bottom:1px solid #e5e7eb;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:baseline}
header h1{font-size:18px;margin:0}
header .window{color:#57606a}
header form{margin-left:auto}
main{max-width:1100px;margin:0 auto;padding:12px 16px 40px}
.summary{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 16px;padding:0;list-style:none}
.summary li{padding:6px 10px;border-radius:6px;background:#f6f7f9}
.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin-bottom:16px}
.filters label{display:flex;flex-direction:column;font-size:13px;color:#57606a}
select,input,button{font:inherit;padding:6px 8px;border:1px solid #c9ced6;border-radius:6px;background:#fff;min-height:36px}
button{cursor:pointer;background:#f3f4f6}
h2{font-size:16px;margin:24px 0 8px;display:flex;gap:8px;align-items:center}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:12px;overflow-wrap:anywhere;border-left-width:4px}
.card.breached{border-left-color:#c62828}.card.at_risk{border-left-color:#b35900}
.card.kept{border-left-color:#1a7f37}.card.no_data{border-left-color:#9aa1ab}
.meta{font-size:13px;color:#57606a;display:flex;flex-wrap:wrap;gap:4px 10px}
blockquote{margin:8px 0;padding:4px 10px;border-left:3px solid #d0d7de;color:#24292f}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(90px,1fr));gap:4px 10px;margin:8px 0;font-size:13px}
.figures dt{color:#57606a}.figures dd{margin:0;font-weight:600}
.reason{font-size:13px;margin:6px 0}
.complaints{font-size:13px;margin:6px 0 0;padding-left:18px}
.complaints li{margin:2px 0}
.badge{font-size:12px;padding:1px 8px;border-radius:10px;background:#eef0f3;color:#1f2328}
.badge.breached{background:#fde2e1;color:#8a1c1c}.badge.at_risk{background:#fff1e0;color:#7a3d00}
.badge.kept{background:#dcf5e3;color:#125c2a}
.empty{color:#57606a}
.unlock{max-width:420px;margin:12vh auto;padding:24px;border:1px solid #e5e7eb;border-radius:8px}
.unlock input{width:100%;margin:8px 0}
.error{color:#8a1c1c}
.spark{display:block;margin-top:6px;max-width:100%;height:auto}
@media (max-width:480px){.cards{grid-template-columns:1fr}header form{margin-left:0}}
`;
