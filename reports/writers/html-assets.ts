// The only style sheet and the only script report.html carries, inline. The page's
// Content-Security-Policy allows exactly these two by their SHA-256 hashes, so nothing else can run
// or restyle the page, whatever the event text contains.

export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-alt: #f6f8fa; --bad: #b42318; --good: #1a7f37; --mixed: #9a6700; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 28px 0 8px; }
.meta { color: var(--muted); margin: 0 0 4px; }
.status { display: flex; flex-wrap: wrap; gap: 8px; margin: 16px 0; padding: 0; list-style: none; }
.status li { padding: 4px 10px; border-radius: 999px; background: var(--bg-alt); border: 1px solid var(--line); }
.status li.bad { color: var(--bad); border-color: #f5c2bd; background: #fef3f2; }
.status li.good { color: var(--good); border-color: #b7e4c2; background: #effaf1; }
nav.toc { margin: 12px 0; color: var(--muted); }
nav.toc a { color: var(--accent); margin-right: 12px; text-decoration: none; }
.rule-card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 20px 20px; margin: 20px 0; }
.rule-card h3 { margin-top: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px 32px; align-items: flex-start; margin: 12px 0; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: var(--bg-alt); font-weight: 600; overflow-wrap: normal; }
tbody tr:nth-child(even) { background: #fbfcfd; }
td.num, th.num { text-align: right; }
td.num, td.ci { white-space: nowrap; overflow-wrap: normal; }
td.ci { color: var(--muted); white-space: nowrap; }
td.rate { white-space: nowrap; }
td.prose { min-width: 180px; }
td.name { min-width: 120px; }
td.example { min-width: 220px; max-width: 480px; }
table.wide, .table-wrap > table { width: 100%; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th button::after { content: " \\2195"; color: var(--muted); font-weight: 400; }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--fg); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--fg); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
code { background: var(--bg-alt); padding: 1px 4px; border-radius: 4px; word-break: break-all; }
pre { background: var(--bg-alt); padding: 10px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.bad { color: var(--bad); }
.good { color: var(--good); }
.mixed { color: var(--mixed); }
.none, .muted { color: var(--muted); }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 4px; background: var(--bg-alt); border: 1px solid var(--line); }
.tag.bad { background: #fef3f2; border-color: #f5c2bd; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--accent); }
svg.chart { font-family: inherit; overflow: visible; max-width: 100%; height: auto; }
.reading-guide { border-left: 4px solid var(--accent); background: var(--bg-alt); padding: 4px 14px; margin: 12px 0; }
.reading-guide p { margin: 6px 0; }
svg .chart-title { font-size: 13px; font-weight: 600; fill: var(--fg); }
svg .tick, svg .axis-label, svg .heat-detail { font-size: 11px; fill: var(--muted); }
svg .row-label, svg .column-label { font-size: 12px; fill: var(--fg); }
svg .value { font-size: 12px; fill: var(--fg); font-variant-numeric: tabular-nums; }
svg .grid { stroke: #eaeef2; stroke-width: 1; }
svg .track { stroke: #eaeef2; stroke-width: 6; stroke-linecap: round; }
svg .whisker, svg .cap { stroke: #57606a; stroke-width: 1.5; }
svg .point.good { fill: #1a7f37; }
svg .point.mixed { fill: #bf8700; }
svg .point.bad { fill: #cf222e; }
svg .heat-value { font-size: 14px; font-weight: 600; fill: #1f2328; }
svg .quadrant-name { font-size: 12px; fill: var(--muted); }
svg .quadrant-value { font-size: 22px; font-weight: 600; fill: var(--fg); }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; }
`;

/**
 * Sortable tables: a click on a header button sorts the body rows by that column's data-sort values
 * (numbers when the button says data-type="number"), ascending then descending. Rows without a value
 * (n/a) stay last either way; ties keep their order.
 */
export const REPORT_SCRIPT = `
'use strict';
(function () {
  function sortKey(cell, numeric) {
    if (!cell) return null;
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
    if (raw === null || raw === '') return null;
    if (!numeric) return raw.toLowerCase();
    var value = Number(raw);
    return isNaN(value) ? null : value;
  }
  function sortBy(table, column, header, numeric) {
    var ascending = header.getAttribute('aria-sort') !== 'ascending';
    var headers = table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute('aria-sort');
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, key: sortKey(row.cells[column], numeric), index: index };
    });
    rows.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.index - b.index;
        return a.key === null ? 1 : -1;
      }
      var order = numeric ? a.key - b.key : String(a.key).localeCompare(String(b.key));
      if (order === 0) return a.index - b.index;
      return ascending ? order : -order;
    });
    rows.forEach(function (entry) { body.appendChild(entry.row); });
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, column) {
      var button = header.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        sortBy(table, column, header, button.getAttribute('data-type') === 'number');
      });
    });
  });
})();
`;
