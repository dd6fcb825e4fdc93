// The dashboard's only script, served as a file (the CSP allows scripts from 'self' only). It is an
// enhancement: without it the column headers are links the server sorts by and the filters are a form
// it answers. With it, sorting and filtering happen in place, and the count is announced politely.

export const DASHBOARD_JS = `(() => {
  const table = document.querySelector('table.promises');
  const form = document.querySelector('form.filters');
  if (!table || !form) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const count = document.getElementById('count');
  const total = rows.length;
  const field = (name) => form.elements.namedItem(name);
  const value = (name) => { const el = field(name); return el && 'value' in el ? el.value.trim().toLowerCase() : ''; };
  const apply = () => {
    const q = value('q');
    const status = value('status');
    const category = value('category');
    const tier = value('tier');
    let shown = 0;
    for (const row of rows) {
      const d = row.dataset;
      const ok = (!q || (d.search || '').includes(q)) && (!status || d.status === status) &&
        (!category || d.category === category) && (!tier || (d.tier || '') === tier);
      row.hidden = !ok;
      if (ok) shown++;
    }
    if (count) count.textContent = shown === total ? 'Showing all ' + total + ' promises' : 'Showing ' + shown + ' of ' + total + ' promises';
    const params = new URLSearchParams(location.search);
    for (const name of ['q', 'status', 'category', 'tier']) {
      const v = field(name) && field(name).value; if (v) params.set(name, v); else params.delete(name);
    }
    history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
  };
  const windowField = field('window');
  form.addEventListener('input', (e) => { if (e.target !== windowField) apply(); });
  form.addEventListener('change', (e) => { if (e.target !== windowField) apply(); });
  form.addEventListener('submit', (e) => { if (!windowField || windowField.value === (windowField.dataset.current || '')) { e.preventDefault(); apply(); } });
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((th, index) => {
    const link = th.querySelector('a[data-sort]');
    if (!link) return;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      const asc = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of headers) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      const key = (row) => row.cells[index] ? row.cells[index].dataset.value || '' : '';
      const numeric = link.dataset.type === 'number';
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        if (numeric) {
          const nx = x === '' ? Number.POSITIVE_INFINITY : Number(x), ny = y === '' ? Number.POSITIVE_INFINITY : Number(y);
          if (nx === ny) return 0;
          if (!Number.isFinite(nx)) return 1; if (!Number.isFinite(ny)) return -1;
          return asc ? nx - ny : ny - nx;
        }
        return asc ? x.localeCompare(y) : y.localeCompare(x);
      });
      for (const row of rows) body.appendChild(row);
      const params = new URLSearchParams(location.search);
      params.set('sort', link.dataset.sort); params.set('dir', asc ? 'asc' : 'desc');
      history.replaceState(null, '', location.pathname + '?' + params);
    });
  });
  apply();
})();
`;
