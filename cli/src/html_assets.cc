// The styles and the script of Witness's HTML pages, kept apart from the
// code that writes the markup. The script is plain JavaScript with no
// library: it reads the page's data with JSON.parse, writes text with
// textContent and never builds markup from strings, so a record value
// cannot become an element. Its geometry (G) matches html_report.cc's.
#include "witness/cli/internal/html_page.h"

namespace witness::cli::internal {

const std::string_view kPageStyle = R"css(
:root{--fg:#1d2330;--dim:#6b7280;--line:#d8dce3;--bg:#fff;--pass:#1a7f37;--fail:#cf222e;
--unv:#9a6700;--ok:#1a7f37;--bad:#cf222e;--order:#cf222e;--shared:#bc4c00;--sel:#0969da}
*{box-sizing:border-box}
body{margin:0;padding:16px 20px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;
color:var(--fg);background:var(--bg)}
code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:12.5px}
h1{font-size:19px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 6px}
p{margin:2px 0}
.summary{display:flex;gap:16px;align-items:center;border:1px solid var(--line);
border-left:8px solid var(--dim);border-radius:6px;padding:10px 14px}
.summary .verdict{font-weight:700;font-size:22px;letter-spacing:.04em;min-width:7.5em}
.v-pass{border-left-color:var(--pass)}.v-pass .verdict{color:var(--pass)}
.v-fail{border-left-color:var(--fail)}.v-fail .verdict{color:var(--fail)}
.v-unverifiable{border-left-color:var(--unv)}.v-unverifiable .verdict{color:var(--unv)}
.counts{color:var(--dim)}.reason{color:var(--unv);font-weight:600}
.causes li,.warnings li{margin:2px 0}
.failures ol{padding-left:22px;margin:0}
.failures details{margin-left:18px;font-size:12.5px}.failures summary{cursor:pointer;color:var(--dim)}
.failure{margin:6px 0;padding:6px 8px;border-radius:5px;border:1px solid transparent;cursor:pointer}
.failure.sel{border-color:var(--sel);background:#f0f6ff}
.f-kind{display:inline-block;font-size:11px;text-transform:uppercase;color:#fff;background:var(--fail);
border-radius:3px;padding:0 5px;margin-right:4px}
.f-where{color:var(--dim)}.f-cause{color:var(--unv);font-size:12px}
.f-lines{margin:2px 0;padding-left:18px;white-space:pre-wrap;overflow-wrap:anywhere}
.keys{font-weight:400;color:var(--dim);font-size:12px;margin-left:8px}
table.diff{border-collapse:collapse;margin:4px 0 2px 18px;font-size:12.5px}
table.diff td,table.diff th{border:1px solid var(--line);padding:1px 6px;text-align:left;
overflow-wrap:anywhere;max-width:38em}
table.diff tr.differs td{background:#ffebe9}table.diff tr.same td{color:var(--dim)}
.controls{display:none;gap:14px;align-items:center;margin:14px 0 8px;flex-wrap:wrap}
.js .controls{display:flex}
.controls select,.controls input{font:inherit;padding:2px 4px}
.controls input{width:18em}.status{color:var(--dim)}
.board{margin-top:10px}
.lanes-wrap{overflow:auto;max-height:62vh;border:1px solid var(--line);border-radius:6px}
#lanes{display:block;max-width:100%;height:auto}
.detail{display:none;max-height:34vh;overflow:auto;margin-top:8px;
border:1px solid var(--line);border-radius:6px;padding:8px 10px;font-size:13px}
.js .detail{display:block}
.detail pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:6px;border-radius:4px}
.detail h3{margin:0 0 4px;font-size:14px}.detail button{font:inherit;font-size:12px;margin:1px 2px}
.hint{color:var(--dim)}
svg text{font-family:system-ui,sans-serif}
.lane-bg{fill:#fff}.lane:nth-of-type(even) .lane-bg{fill:#f6f8fa}
.lane-axis{stroke:var(--line)}.lane-name{font-size:12.5px;font-weight:600;fill:var(--fg)}
.lane-session .lane-name,.lane-none .lane-name{fill:var(--dim);font-style:italic}
.m,.bin{stroke:#fff;stroke-width:.5;cursor:pointer}.bin{opacity:.8}
.o0{fill:#8250df}.o1{fill:#0969da}.o2{fill:#1a7f37}.o3{fill:#57606a}.o4{fill:#24292f}
.o5{fill:#bf8700}.o6{fill:#e16f24}.o7{fill:#a475f9}
.m.err{fill:var(--fail);stroke:#000}
.ml{font-size:10px;text-anchor:middle;fill:var(--fg)}
.pid{font-size:9px;text-anchor:middle;fill:var(--dim)}
.dim{opacity:.12}.hit{stroke:#ffb000;stroke-width:3}
.pin{fill:none;stroke:var(--fail);stroke-width:2;cursor:pointer}
.pin.unclaimed{stroke:#bc4c00;stroke-dasharray:3 2}
.pin.sel,.arrow.sel path,.leak.sel path{stroke:var(--sel);stroke-width:3.5}
.leak path{stroke:var(--fail);stroke-width:2.5;fill:none}.leak text{font-size:11px;fill:var(--fail);font-weight:600}
.leak{cursor:pointer}
.badline path{stroke:var(--fail);stroke-width:2.5}.badline text{font-size:9px;text-anchor:middle;fill:var(--fail)}
.badline{cursor:pointer}
.arrow path{fill:none;stroke-width:1.6}.arrow text{font-size:10px;text-anchor:middle;
paint-order:stroke;stroke:#fff;stroke-width:3px}
.arrow{cursor:pointer}
.arrow.ok path{stroke:var(--ok)}.arrow.ok text{fill:var(--ok)}
.arrow.bad path{stroke:var(--bad);stroke-width:2.2}.arrow.bad text{fill:var(--bad);font-weight:600}
.arrow.order path{stroke:var(--order);stroke-width:2.2;stroke-dasharray:6 3}.arrow.order text{fill:var(--order)}
.arrow.shared path{stroke:var(--shared);stroke-dasharray:2 2}.arrow.shared text{fill:var(--shared)}
.head.ok{fill:var(--ok)}.head.bad,.head.order{fill:var(--bad)}.head.shared{fill:var(--shared)}
.legend ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12.5px}
.legend li{display:flex;align-items:center;gap:4px}
.sw{display:inline-block;width:22px;height:0;border-top:2px solid}
.sw-ok{border-color:var(--ok)}.sw-bad{border-color:var(--bad)}.sw-order{border-color:var(--order);
border-top-style:dashed}.sw-shared{border-color:var(--shared);border-top-style:dotted}
.sym{font-weight:700}.leak-sym,.bad-sym{color:var(--fail)}
.left-out{color:var(--dim);font-size:12px;margin:4px}
table.index{border-collapse:collapse;margin-top:10px}
table.index td,table.index th{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left;
vertical-align:top}
table.index td.n{text-align:right;font-variant-numeric:tabular-nums}
.o-fail{color:var(--fail);font-weight:700}.o-pass{color:var(--pass);font-weight:700}
.o-unverifiable{color:var(--unv);font-weight:700}
.index .first{font-size:12.5px;color:var(--fg);white-space:pre-wrap;overflow-wrap:anywhere;max-width:60em}
@media print{.controls,.detail,.keys{display:none!important}.lanes-wrap{overflow:visible;max-height:none;
border:0}body{padding:0}.failure{break-inside:avoid}}
)css";

const std::string_view kReportScript = R"js(
(function () {
  'use strict';
  var G = {top: 4, lane: 46, mid: 28};
  var data = JSON.parse(document.getElementById('witness-data').textContent);
  var root = document.documentElement;
  root.classList.add('js');
  var svg = document.getElementById('lanes');
  var detail = document.getElementById('detail');
  var statusText = document.getElementById('status');
  var memberSelect = document.getElementById('member');
  var opSelect = document.getElementById('op');
  var searchBox = document.getElementById('search');
  var list = function (nodes) { return Array.prototype.slice.call(nodes); };
  var lanes = list(svg.querySelectorAll('g.lane'));
  var arrows = list(svg.querySelectorAll('g.arrow'));
  var marks = list(svg.querySelectorAll('rect.m, rect.bin'));
  var items = list(document.querySelectorAll('li.failure'));
  var current = -1;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function laneOf(slot) {
    for (var i = 0; i < data.lanes.length; i++) {
      if (slot >= data.lanes[i].start && slot < data.lanes[i].end) return data.lanes[i];
    }
    return null;
  }
  function where(slot) {
    return data.files[data.file ? data.file[slot] : 0] + ':' + data.line[slot];
  }
  function opName(slot) { return data.ops[data.op[slot]] || '(no op)'; }
  function has(column, slot) { return column && column[slot] !== null; }
  // The record's JSON, its provenance put back from the columns.
  function recordJson(slot) {
    var raw = data.texts[data.text[slot]];
    var fields;
    try { fields = JSON.parse(raw); } catch (e) { return raw; }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return raw;
    var lines = Object.keys(fields).map(function (key) {
      return '  ' + JSON.stringify(key) + ': ' + JSON.stringify(fields[key]);
    });
    if (has(data.pid, slot)) lines.push('  "pid": ' + data.pid[slot]);
    if (data.pid_all !== undefined) lines.push('  "pid": ' + data.pid_all);
    if (has(data.seq, slot)) lines.push('  "seq": ' + data.seq[slot]);
    if (has(data.ts, slot)) {
      lines.push('  "ts_ns": ' + (BigInt(data.ts_base) + BigInt(data.ts[slot])).toString());
    }
    return '{\n' + lines.join(',\n') + '\n}';
  }
  function recordButton(slot) {
    var lane = laneOf(slot);
    var button = el('button', null, opName(slot) + ' ' + (lane ? lane.name : '') + ' ' + where(slot));
    button.addEventListener('click', function (ev) { ev.stopPropagation(); showRecord(slot); });
    return button;
  }
  function showRecord(slot) {
    clear(detail);
    var lane = laneOf(slot);
    detail.appendChild(el('h3', null, opName(slot) + (lane ? ' \u00b7 ' + lane.name : '')));
    detail.appendChild(el('p', 'mono', where(slot)));
    if (has(data.ts, slot)) detail.appendChild(el('p', 'hint', '+' + (data.ts[slot] / 1e9).toFixed(6) + ' s'));
    detail.appendChild(el('pre', null, recordJson(slot)));
    data.failures.forEach(function (failure, f) {
      if (failure.r.indexOf(slot) < 0) return;
      var button = el('button', null, 'failure: ' + failure.title);
      button.addEventListener('click', function (ev) { ev.stopPropagation(); select(f); });
      detail.appendChild(button);
    });
  }
  function showBin(slot, count) {
    clear(detail);
    detail.appendChild(el('h3', null, count + ' records'));
    for (var k = slot; k < slot + count && k < slot + 200; k++) detail.appendChild(recordButton(k));
    if (count > 200) detail.appendChild(el('p', 'hint', (count - 200) + ' more'));
  }
  function showBadLine(d) {
    var bad = data.bad[d];
    clear(detail);
    detail.appendChild(el('h3', null, 'bad line: ' + bad.kind));
    detail.appendChild(el('p', 'mono', bad.file + ':' + bad.line + ':' + bad.column));
    detail.appendChild(el('p', null, bad.message));
    detail.appendChild(el('pre', null, bad.excerpt));
  }
  function showFailure(f) {
    var failure = data.failures[f];
    clear(detail);
    detail.appendChild(el('h3', null, failure.kind + ': ' + failure.title));
    if (failure.where) detail.appendChild(el('p', 'mono', failure.where));
    var lines = el('ul', 'f-lines');
    failure.lines.forEach(function (line) { lines.appendChild(el('li', null, line)); });
    detail.appendChild(lines);
    if (failure.diff.length) {
      var table = el('table', 'diff');
      var head = el('tr');
      ['field', 'expected', 'closest record'].forEach(function (h) { head.appendChild(el('th', null, h)); });
      table.appendChild(head);
      failure.diff.forEach(function (field) {
        var row = el('tr', field[3] ? 'same' : 'differs');
        for (var i = 0; i < 3; i++) row.appendChild(el('td', null, field[i]));
        table.appendChild(row);
      });
      detail.appendChild(table);
    }
    failure.r.slice(0, 20).forEach(function (slot) { detail.appendChild(recordButton(slot)); });
    failure.d.forEach(function (d) {
      var button = el('button', null, 'bad line ' + data.bad[d].file + ':' + data.bad[d].line);
      button.addEventListener('click', function (ev) { ev.stopPropagation(); showBadLine(d); });
      detail.appendChild(button);
    });
    if (failure.r.length) {
      detail.appendChild(el('pre', null, recordJson(failure.r[0])));
    }
  }
  function select(f) {
    list(document.querySelectorAll('.sel')).forEach(function (node) { node.classList.remove('sel'); });
    current = f;
    var pinned = list(svg.querySelectorAll('[data-f="' + f + '"]'));
    pinned.forEach(function (node) { node.classList.add('sel'); });
    var item = document.getElementById('f' + f);
    if (item) item.classList.add('sel');
    showFailure(f);
    // The marks are what to look at; a failure with none on the lanes
    // (a count, a writer) is shown in the list.
    var target = pinned.filter(function (node) { return node.getClientRects().length; })[0];
    if (target) {
      target.scrollIntoView({block: 'nearest', inline: 'center'});
    } else if (item) {
      item.scrollIntoView({block: 'nearest'});
    }
  }
  function step(delta) {
    if (!data.failures.length) return;
    var n = data.failures.length;
    select(current < 0 ? (delta > 0 ? 0 : n - 1) : (current + delta + n) % n);
  }

  document.addEventListener('click', function (ev) {
    var node = ev.target.closest ? ev.target.closest('[data-f],[data-r],[data-d]') : null;
    if (!node) return;
    if (node.hasAttribute('data-f')) return select(Number(node.getAttribute('data-f')));
    if (node.hasAttribute('data-d')) return showBadLine(Number(node.getAttribute('data-d')));
    var slot = Number(node.getAttribute('data-r'));
    if (node.hasAttribute('data-n')) return showBin(slot, Number(node.getAttribute('data-n')));
    showRecord(slot);
  });
  document.addEventListener('keydown', function (ev) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(ev.target.tagName);
    if (ev.key === 'Escape') { if (typing) ev.target.blur(); return; }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === 'n' || ev.key === 'j') { step(1); ev.preventDefault(); }
    if (ev.key === 'p' || ev.key === 'k') { step(-1); ev.preventDefault(); }
    if (ev.key === '/') { searchBox.focus(); ev.preventDefault(); }
  });

  function arrowGeometry(x1, y1, x2, y2, same) {
    var cx = (x1 + x2) / 2;
    var cy = same ? y1 - 34 : (y1 + y2) / 2 - 12;
    return {d: 'M' + x1 + ' ' + y1 + 'Q' + cx + ' ' + cy + ' ' + x2 + ' ' + y2,
            x: (x1 + 2 * cx + x2) / 4, y: (y1 + 2 * cy + y2) / 4 - 3};
  }
  function layout() {
    var shown = memberSelect.value;
    var position = [];
    var y = 0;
    lanes.forEach(function (g, i) {
      var show = shown === '' || shown === String(i);
      g.style.display = show ? '' : 'none';
      if (!show) return;
      position[i] = y;
      g.setAttribute('transform', 'translate(0 ' + (G.top + y * G.lane) + ')');
      y++;
    });
    var height = G.top + Math.max(y, 1) * G.lane + 8;
    var width = svg.getAttribute('width');
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    arrows.forEach(function (g) {
      var l1 = g.getAttribute('data-l1'), l2 = g.getAttribute('data-l2');
      if (position[l1] === undefined || position[l2] === undefined) {
        g.style.display = 'none';
        return;
      }
      g.style.display = '';
      var geometry = arrowGeometry(Number(g.getAttribute('data-x1')), G.top + position[l1] * G.lane + G.mid,
                                   Number(g.getAttribute('data-x2')), G.top + position[l2] * G.lane + G.mid,
                                   l1 === l2);
      g.querySelector('path').setAttribute('d', geometry.d);
      var label = g.querySelector('text');
      label.setAttribute('x', geometry.x);
      label.setAttribute('y', geometry.y);
    });
  }
  function markRange(mark) {
    var slot = Number(mark.getAttribute('data-r'));
    return [slot, slot + Number(mark.getAttribute('data-n') || 1)];
  }
  function filterOps() {
    var op = opSelect.value;
    marks.forEach(function (mark) {
      if (op === '') return mark.classList.remove('dim');
      var range = markRange(mark), any = false;
      for (var k = range[0]; k < range[1] && !any; k++) any = String(data.op[k]) === op;
      mark.classList.toggle('dim', !any);
    });
  }
  var lowered = null;
  function search() {
    var query = searchBox.value.trim().toLowerCase();
    marks.forEach(function (mark) { mark.classList.remove('hit'); });
    if (!query) { statusText.textContent = ''; return; }
    if (!lowered) lowered = data.texts.map(function (text) { return text.toLowerCase(); });
    var textHit = lowered.map(function (text) { return text.indexOf(query) >= 0; });
    var hit = new Uint8Array(data.text.length), hits = [];
    for (var k = 0; k < data.text.length; k++) {
      if (textHit[data.text[k]]) { hit[k] = 1; hits.push(k); }
    }
    marks.forEach(function (mark) {
      var range = markRange(mark);
      for (var k = range[0]; k < range[1]; k++) if (hit[k]) return mark.classList.add('hit');
    });
    statusText.textContent = hits.length + (hits.length === 1 ? ' record matches' : ' records match');
    clear(detail);
    detail.appendChild(el('h3', null, hits.length + ' records hold \u201c' + searchBox.value.trim() + '\u201d'));
    hits.slice(0, 200).forEach(function (slot) { detail.appendChild(recordButton(slot)); });
  }
  var pending = 0;
  memberSelect.addEventListener('change', layout);
  opSelect.addEventListener('change', filterOps);
  searchBox.addEventListener('input', function () {
    clearTimeout(pending);
    pending = setTimeout(search, 120);
  });
  items.forEach(function (item) { item.setAttribute('tabindex', '0'); });
  // A link to a failure (#f2) or a record (#r17) opens with it shown.
  var anchor = /^#([fr])([0-9]+)$/.exec(location.hash);
  if (anchor && anchor[1] === 'f' && Number(anchor[2]) < data.failures.length) select(Number(anchor[2]));
  if (anchor && anchor[1] === 'r' && Number(anchor[2]) < data.text.length) showRecord(Number(anchor[2]));
  document.body.setAttribute('data-ready', String(Math.round(performance.now())));
})();
)js";

}  // namespace witness::cli::internal
