/**
 * The HTML report's own script (runs in the browser; plain ES2020, no modules). It reads the page's
 * JSON data, fills the summary, draws the charts with Chart.js and builds the alerts and flows
 * tables with textContent only (capture text is never parsed as HTML). The flows table sorts on a
 * click of its header (again: the other way) and filters as the search box is typed into.
 * test/report/html-browser.test.ts drives it in Chromium.
 */
export const HTML_APP = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function bytes(n) {
    var u = ['B', 'KB', 'MB', 'GB', 'TB'], i = 0;
    while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
    return (i === 0 ? String(n) : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)) + ' ' + u[i];
  }
  function count(n) { return Number(n).toLocaleString('en-US'); }
  function secs(s) { return s < 1 ? (s * 1000).toFixed(s < 0.01 ? 2 : 0) + ' ms' : s < 60 ? s.toFixed(s < 10 ? 2 : 1) + ' s' : Math.floor(s / 60) + 'm ' + Math.round(s % 60) + 's'; }

  document.getElementById('captures').textContent = data.captures.join(', ');
  var s = data.summary;
  var cards = [['packets', count(s.packets)], ['bytes', bytes(s.bytes)], ['flows', count(s.flows)], ['alerts', count(s.alerts)],
    ['alerted flows', count(s.alerted_flows)], ['check errors', count(s.check_errors)], ['first packet', s.first.replace('T', ' ')], ['duration', secs(s.duration)]];
  var cardBox = document.getElementById('cards');
  cards.forEach(function (c) { var d = el('div', null, 'card'); d.appendChild(el('b', c[1])); d.appendChild(el('span', c[0])); cardBox.appendChild(d); });
  var warn = document.getElementById('warnings');
  data.warnings.forEach(function (w) { warn.appendChild(el('li', w)); });

  var palette = ['#2f6fdb', '#e0823d', '#3aa17e', '#c7463f', '#8a63c9', '#b59a2e', '#4ba3c3', '#d36fa7', '#6b7a8f', '#7fb446', '#a0a7b4'];
  var charts = {};
  if (window.Chart) {
    Chart.defaults.animation = false;
    var protos = data.protocols.slice().sort(function (a, b) { return b.bytes - a.bytes; });
    var top = protos.slice(0, 10), rest = protos.slice(10).reduce(function (m, p) { return m + p.bytes; }, 0);
    var labels = top.map(function (p) { return p.name; }), values = top.map(function (p) { return p.bytes; });
    if (rest > 0) { labels.push('other'); values.push(rest); }
    charts.protocols = new Chart(document.getElementById('chart-protocols'), {
      type: 'doughnut',
      data: { labels: labels, datasets: [{ data: values, backgroundColor: palette }] },
      options: { maintainAspectRatio: false, plugins: { legend: { position: 'right' }, tooltip: { callbacks: { label: function (c) { return c.label + ': ' + bytes(c.raw); } } } } }
    });
    charts.talkers = new Chart(document.getElementById('chart-talkers'), {
      type: 'bar',
      data: { labels: data.hosts.map(function (h) { return h.host; }),
        datasets: [{ label: 'sent', data: data.hosts.map(function (h) { return h.sent; }), backgroundColor: palette[0] },
          { label: 'received', data: data.hosts.map(function (h) { return h.received; }), backgroundColor: palette[1] }] },
      options: { indexAxis: 'y', maintainAspectRatio: false, scales: { x: { stacked: true, ticks: { callback: function (v) { return bytes(v); } } }, y: { stacked: true } } }
    });
    document.getElementById('interval').textContent = '(' + secs(data.timeline.interval) + ' intervals)';
    charts.timeline = new Chart(document.getElementById('chart-timeline'), {
      data: { labels: data.timeline.rows.map(function (r) { return r.t.replace('T', ' ').replace('Z', ''); }),
        datasets: [{ type: 'line', label: 'bytes', data: data.timeline.rows.map(function (r) { return r.bytes; }), borderColor: palette[0], backgroundColor: palette[0], yAxisID: 'y', pointRadius: 0 },
          { type: 'bar', label: 'alerts', data: data.timeline.rows.map(function (r) { return r.alerts; }), backgroundColor: palette[3], yAxisID: 'y1' }] },
      options: { maintainAspectRatio: false, scales: { y: { position: 'left', ticks: { callback: function (v) { return bytes(v); } } }, y1: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } }
    });
  }
  window.flowcheckCharts = charts;

  function fillHead(table, cols, sortable) {
    var tr = el('tr');
    cols.forEach(function (c) {
      var th = el('th', c.label, sortable ? 'sortable' : '');
      th.dataset.key = c.key;
      tr.appendChild(th);
    });
    table.tHead.appendChild(tr);
  }
  function row(cols, r) {
    var tr = el('tr');
    cols.forEach(function (c) {
      var v = c.fmt ? c.fmt(r[c.key]) : r[c.key];
      var td = el('td', v, c.cls ? (typeof c.cls === 'function' ? c.cls(r) : c.cls) : '');
      tr.appendChild(td);
    });
    return tr;
  }

  var alertCols = [{ key: 'severity', label: 'severity', cls: function (r) { return 'sev-' + r.severity; } }, { key: 'score', label: 'score', cls: 'num' },
    { key: 'time', label: 'time' }, { key: 'check', label: 'check' }, { key: 'flow', label: 'flow', cls: 'addr' }, { key: 'message', label: 'message' }];
  var at = document.getElementById('alerts-table');
  fillHead(at, alertCols, false);
  var alerts = data.alerts.slice().sort(function (a, b) { return b.score - a.score || (a.time < b.time ? -1 : a.time > b.time ? 1 : 0); });
  alerts.forEach(function (a) { at.tBodies[0].appendChild(row(alertCols, a)); });
  document.getElementById('alerts-count').textContent = '(' + count(alerts.length) + ')';

  var flowCols = [{ key: 'id', label: 'id', cls: 'num' }, { key: 'pair', label: 'client ${'→'} server', cls: 'addr' }, { key: 'l4', label: 'L4' },
    { key: 'app', label: 'application' }, { key: 'host', label: 'host name' }, { key: 'packets', label: 'packets', cls: 'num', fmt: count },
    { key: 'bytes', label: 'bytes', cls: 'num', fmt: bytes }, { key: 'first', label: 'first seen' }, { key: 'duration', label: 'duration', cls: 'num', fmt: secs },
    { key: 'score', label: 'score', cls: 'num' }, { key: 'risks', label: 'risks' }];
  var ft = document.getElementById('flows-table');
  fillHead(ft, flowCols, true);
  var flows = data.flows.slice();
  var query = '';
  var sortKey = 'id', sortDir = 1;
  function render() {
    var body = ft.tBodies[0];
    while (body.firstChild) body.removeChild(body.firstChild);
    var q = query.toLowerCase();
    var shown = 0;
    var frag = document.createDocumentFragment();
    flows.forEach(function (f) {
      if (q && (f.pair + ' ' + f.l4 + ' ' + f.app + ' ' + f.host + ' ' + f.risks).toLowerCase().indexOf(q) < 0) return;
      frag.appendChild(row(flowCols, f));
      shown++;
    });
    body.appendChild(frag);
    document.getElementById('flows-shown').textContent = shown + ' shown';
  }
  function sortBy(key) {
    sortDir = key === sortKey ? -sortDir : 1;
    sortKey = key;
    flows.sort(function (a, b) {
      var x = a[key], y = b[key];
      var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return c * sortDir || a.id - b.id;
    });
    Array.prototype.forEach.call(ft.tHead.rows[0].cells, function (th) {
      if (th.dataset.key === key) th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    render();
  }
  ft.tHead.addEventListener('click', function (e) { var th = e.target.closest('th'); if (th) sortBy(th.dataset.key); });
  document.getElementById('flow-search').addEventListener('input', function (e) { query = e.target.value; render(); });
  document.getElementById('flows-count').textContent = data.flows.length < data.flows_total
    ? '(the first ' + count(data.flows.length) + ' of ' + count(data.flows_total) + ')' : '(' + count(data.flows_total) + ')';
  render();
})();
`;
