/* Rocmon dashboard: topology (Apache ECharts), live and history charts (uPlot). One page, no build step.
   Every URL is relative to the page (scheme, host and port are the node's), built from location.origin so that
   credentials typed into the address bar never end up in a request URL. */
(function () {
  'use strict';

  var BASE = location.origin + location.pathname.replace(/[^/]*$/, '');
  var PARAMS = new URLSearchParams(location.search);
  // tests and screenshots: ?once ends the live stream once every chart has a value, ?once=N after N seconds
  // (a headless browser waits for open requests before it renders)
  var ONCE = PARAMS.has('once') ? PARAMS.get('once') : null;
  var REFRESH_MS = 3000;
  var MAX_POINTS = 600;
  var STATE_COLORS = {
    running: '#2e9d4d', paused: '#e0b000', stopped: '#7a7a7a', suspended: '#8fa3b8', degraded: '#ef7d00',
    disconnected: '#d32f2f', failed: '#7b1010', pending: '#5b7fc7', unknown: '#9e9e9e'
  };
  var NAGIOS = { OK: '#2e9d4d', WARNING: '#e0b000', CRITICAL: '#d32f2f', UNKNOWN: '#8e6cc2' };
  var ALARMS = window.RocmonAlarms;
  var ALARM_CHANNELS = ALARMS.CHANNELS;
  var SYMBOLS = { node: 'roundRect', resource: 'rect', sensor: 'circle' };
  var SIZES = { node: 34, resource: 26, sensor: 30 };

  var topo = null, graph = null, selected = null, positions = {}, structure = '';
  var live = { charts: [], source: null, keys: '' };
  var problems = {};

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  /* ---------- connection state and the unreachable banner ---------- */
  function problem(key, message) {
    if (message) { problems[key] = message; } else { delete problems[key]; }
    var list = Object.keys(problems).map(function (k) { return problems[k]; });
    var banner = $('banner');
    banner.hidden = list.length === 0;
    banner.textContent = list.join(' — ');
    var conn = $('conn');
    var down = !!problems.node;
    conn.textContent = down ? 'node unreachable' : 'connected';
    conn.className = 'conn ' + (down ? 'down' : 'ok');
  }

  function getJson(path) {
    return fetch(BASE + path, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (r) {
      return r.text().then(function (t) {
        var body = null;
        try { body = t ? JSON.parse(t) : null; } catch (e) { body = null; }
        if (!r.ok) {
          var err = new Error((body && body.detail) || ('HTTP ' + r.status));
          err.status = r.status;
          throw err;
        }
        return body;
      });
    }, function () {
      var err = new Error('The node cannot be reached. Retrying…');
      err.status = 0;
      throw err;
    });
  }

  /* ---------- views ---------- */
  function route() {
    var hash = location.hash.replace(/^#/, '');
    var view = hash.split('=')[0] || 'topology';
    if (['topology', 'live', 'history'].indexOf(view) < 0) { view = 'topology'; }
    ['topology', 'live', 'history'].forEach(function (v) {
      $('view-' + v).hidden = v !== view;
    });
    document.querySelectorAll('nav a').forEach(function (a) {
      a.classList.toggle('active', a.getAttribute('data-view') === view);
    });
    var arg = hash.indexOf('=') > 0 ? decodeURIComponent(hash.substring(hash.indexOf('=') + 1)) : '';
    if (view === 'live' && arg) {
      arg.split(',').forEach(function (k) { if (k) { addLiveChart(k); } });
      history.replaceState(null, '', location.pathname + location.search + '#live');
    }
    if (view === 'history' && arg) {
      var sel = $('history-channel');
      ensureOption(sel, arg);
      sel.value = arg;
      showHistory();
    }
    if (view === 'topology' && arg) { select(arg); }
    if (view === 'topology' && graph) { graph.resize(); }
    live.charts.forEach(function (c) { resizeChart(c); });
  }

  /* ---------- topology ---------- */
  function loadTopology() {
    return getJson('api/topology').then(function (t) {
      problem('node', null);
      topo = t;
      $('user').textContent = (t.user || '') + (t.admin ? ' (admin: every entity)' : '');
      drawTopology();
      drawAlarms();
      fillChannelPickers();
    }, function (e) {
      problem('node', e.status === 0 ? e.message : 'Topology: ' + e.message);
    });
  }

  function channelKeys() {
    var keys = [];
    if (!topo) { return keys; }
    topo.vertices.forEach(function (v) {
      if (v.type === 'sensor' && v.detail && v.detail.channels) {
        Object.keys(v.detail.channels).forEach(function (ch) {
          if (ALARM_CHANNELS.indexOf(ch) < 0) { keys.push(v.node + '/' + v.label + '/' + ch); }
        });
      }
    });
    return keys;
  }

  function ensureOption(select, key) {
    for (var i = 0; i < select.options.length; i++) { if (select.options[i].value === key) { return; } }
    select.appendChild(el('option', { value: key }, key));
  }

  function fillChannelPickers() {
    var keys = channelKeys();
    ['live-channel', 'history-channel'].forEach(function (id) {
      var s = $(id), current = s.value;
      var have = Array.prototype.map.call(s.options, function (o) { return o.value; }).join('\n');
      if (have === keys.join('\n')) { return; }
      s.textContent = '';
      keys.forEach(function (k) { s.appendChild(el('option', { value: k }, k)); });
      if (current) { ensureOption(s, current); s.value = current; }
    });
  }

  function drawTopology() {
    var ids = {};
    topo.vertices.forEach(function (v) { ids[v.id] = v; });
    // collectors may point at a sensor the viewer does not see, or not deployed yet: show it as unknown
    var ghosts = [];
    topo.edges.forEach(function (e) {
      [e.source, e.target].forEach(function (end) {
        if (!ids[end]) {
          var g = { id: end, type: end.split(':')[0], label: end.split(':').slice(1).join(':'), state: 'unknown',
            node: '?', detail: { note: 'not visible to you, or not deployed' } };
          ids[end] = g;
          ghosts.push(g);
        }
      });
    });
    var vertices = topo.vertices.concat(ghosts);
    var shape = vertices.map(function (v) { return v.id; }).join() + '|' +
      topo.edges.map(function (e) { return e.id + e.source + e.target; }).join();
    if (graph && shape !== structure) { remember(); }
    structure = shape;
    var data = vertices.map(function (v) {
      var d = {
        id: v.id, name: v.id, value: v.state + (v.alarm ? ', alarm ' + v.alarm : ''), symbol: SYMBOLS[v.type] || 'circle',
        symbolSize: SIZES[v.type] || 24, category: v.type,
        itemStyle: { color: colorOf(v), borderColor: '#1d2330', borderWidth: v.id === selected ? 3 : (v.alarm ? 2 : 0) },
        label: { show: true, position: 'bottom', formatter: v.label }
      };
      if (positions[v.id]) { d.x = positions[v.id][0]; d.y = positions[v.id][1]; }
      return d;
    });
    var links = topo.edges.map(function (e) {
      var placement = e.type === 'placement';
      return {
        id: e.id, source: e.source, target: e.target, value: e.state + (e.alarm ? ', alarm ' + e.alarm : ''),
        lineStyle: { color: placement ? '#b8bec9' : colorOf(e),
          width: placement ? 1 : (e.id === selected ? 5 : 3), type: placement ? 'dashed' : 'solid',
          curveness: e.type === 'link' ? 0.2 : 0 },
        symbol: placement ? ['none', 'none'] : ['none', 'arrow'],
        label: { show: !placement, formatter: e.id.split(':').slice(1).join(':'), fontSize: 11 }
      };
    });
    if (!graph) {
      graph = echarts.init($('graph'));
      graph.on('click', function (p) {
        var id = p.data && p.data.id;
        if (id) { select(id); }
      });
      window.addEventListener('resize', function () { graph.resize(); });
    }
    graph.setOption({
      animation: false,
      tooltip: { formatter: function (p) { return (p.data.id || '') + ': ' + p.data.value; } },
      series: [{
        type: 'graph', layout: 'force', roam: true, draggable: true,
        force: { repulsion: 900, edgeLength: [120, 220], gravity: 0.06, layoutAnimation: false },
        edgeSymbolSize: 9, data: data, links: links
      }]
    });
    drawLegend();
    drawList(vertices);
    if (selected) { showDetail(selected); }
  }

  /* keep where the layout put each vertex, so an update moves nothing */
  function remember() {
    try {
      var d = graph.getModel().getSeriesByIndex(0).getData();
      for (var i = 0; i < d.count(); i++) {
        var p = d.getItemLayout(i);
        if (p) { positions[d.getId(i)] = [p[0], p[1]]; }
      }
    } catch (e) { positions = {}; }
  }

  function drawLegend() {
    var legend = $('legend');
    if (legend.childNodes.length) { return; }
    Object.keys(STATE_COLORS).forEach(function (s) {
      var item = el('span');
      var sw = el('span', { 'class': 'swatch' });
      sw.style.background = STATE_COLORS[s];
      item.appendChild(sw);
      item.appendChild(document.createTextNode(s));
      legend.appendChild(item);
    });
    legend.appendChild(el('span', { 'class': 'note' }, '■ node  ▪ resource  ● sensor  → collector'));
  }

  function drawList(vertices) {
    var list = $('topo-list');
    list.textContent = '';
    vertices.concat(topo.edges.filter(function (e) { return e.type !== 'placement'; })).forEach(function (x) {
      var li = el('li', { 'data-id': x.id, 'data-type': x.type, 'data-state': x.state },
        x.id + ' — ' + x.state + (x.alarm ? ' — alarm' : ''));
      if (x.alarm) { li.setAttribute('data-alarm', x.alarm); }
      li.style.borderLeftColor = colorOf(x);
      li.addEventListener('click', function () { select(x.id); });
      list.appendChild(li);
    });
  }

  function colorOf(x) { return ALARMS.colorOf(x, STATE_COLORS); }
  function when(ts) { return ALARMS.when(ts); }
  function drawAlarms() { ALARMS.draw(topo, el, STATE_COLORS); }

  function find(id) {
    if (!topo) { return null; }
    var all = topo.vertices.concat(topo.edges);
    for (var i = 0; i < all.length; i++) { if (all[i].id === id) { return all[i]; } }
    return null;
  }

  function select(id) {
    selected = id;
    showDetail(id);
  }

  function table(rows, head) {
    var t = el('table');
    if (head) {
      var tr = el('tr');
      head.forEach(function (h) { tr.appendChild(el('th', null, h)); });
      t.appendChild(tr);
    }
    rows.forEach(function (r) {
      var tr = el('tr');
      r.forEach(function (c) {
        var td = el('td');
        if (c instanceof Node) { td.appendChild(c); } else { td.textContent = c === undefined || c === null ? '' : (typeof c === 'object' ? JSON.stringify(c) : String(c)); }
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    return t;
  }

  function showDetail(id) {
    var x = find(id), box = $('detail');
    box.textContent = '';
    if (!x) { box.appendChild(el('p', { 'class': 'hint' }, id + ' is gone.')); return; }
    var d = x.detail || {};
    box.appendChild(el('h2', null, x.id));
    var state = el('span', { 'class': 'badge', 'data-state': x.state }, x.state);
    state.style.background = STATE_COLORS[x.state] || STATE_COLORS.unknown;
    var p = el('p');
    p.appendChild(document.createTextNode(x.type + (x.node ? ' on node ' + x.node : '') + ' '));
    p.appendChild(state);
    box.appendChild(p);
    if (x.alarm) { box.appendChild(el('p', { 'class': 'note alarm' }, 'open ' + x.alarm + ' alarm: see the alarm list')); }
    var reason = (d.status && d.status.reason) || d.error || (d.edge && d.edge.reason) || d.note;
    if (reason) { box.appendChild(el('p', { 'class': 'note' }, reason)); }
    if (d.mixins && d.mixins.length) {
      box.appendChild(el('h3', null, 'Mixins'));
      box.appendChild(table(d.mixins.map(function (m) {
        return [m.mixin.replace(/^.*[#/]/, ''), m.version, m.kind || '', m.state || ''];
      }), ['mixin', 'version', 'kind', 'state']));
    }
    var counters = (d.status && d.status.counters) || null;
    if (counters) {
      box.appendChild(el('h3', null, 'Counters'));
      box.appendChild(table(Object.keys(counters).map(function (k) { return [k, counters[k]]; })));
    }
    if (d.edge && d.edge.counters) {
      box.appendChild(el('h3', null, 'Edge (' + (d.edge.state || '?') + ')'));
      box.appendChild(table(Object.keys(d.edge.counters).map(function (k) { return [k, d.edge.counters[k]]; })));
    }
    var channels = d.channels || d.values;
    if (channels && Object.keys(channels).length) {
      box.appendChild(el('h3', null, 'Channels'));
      box.appendChild(table(Object.keys(channels).filter(function (ch) {
        return ALARM_CHANNELS.indexOf(ch) < 0;
      }).map(function (ch) {
        var m = channels[ch], cell = ch;
        if (x.type === 'sensor') {
          cell = el('a', { href: '#live=' + encodeURIComponent(x.node + '/' + x.label + '/' + ch) }, ch);
        }
        var v = typeof m.value === 'number' ? Math.round(m.value * 1000) / 1000 : m.value;
        return [cell, v, m.unit || '', m.state || '', m.ts ? new Date(m.ts).toLocaleTimeString() : ''];
      }), ['channel', 'value', 'unit', 'state', 'at']));
    }
    if (d.alarms && (d.alarms.open.length || d.alarms.recent.length)) {
      box.appendChild(el('h3', null, 'Alarms'));
      box.appendChild(table(d.alarms.open.concat(d.alarms.recent).map(function (a) {
        return [a.end ? 'cleared' : a.severity, a.kind, a.source, a.text, when(a.start), when(a.end)];
      }), ['', 'kind', 'source', 'text', 'since', 'cleared']));
    }
    if (d.collectors && d.collectors.length) {
      box.appendChild(el('h3', null, 'Collectors delivering here'));
      box.appendChild(table(d.collectors.map(function (c) {
        return [c.id, c.connected ? 'connected' : 'disconnected', 'frames ' + c.frames];
      })));
    }
    if (d.attributes) {
      box.appendChild(el('h3', null, 'Description'));
      box.appendChild(table(Object.keys(d.attributes).map(function (k) { return [k, d.attributes[k]]; })));
    }
    var other = {};
    ['url', 'health', 'lastError', 'target', 'host', 'scheduler', 'control', 'kind'].forEach(function (k) {
      if (d[k] !== undefined) { other[k] = d[k]; }
    });
    if (Object.keys(other).length) {
      box.appendChild(el('h3', null, 'More'));
      box.appendChild(table(Object.keys(other).map(function (k) { return [k, other[k]]; })));
    }
  }

  /* ---------- charts (live and history) ---------- */
  function stateBand(states) {
    // uPlot plugin: a strip at the bottom of the plot, coloured by the Nagios state of each interval
    return {
      hooks: {
        draw: function (u) {
          var s = states(), ctx = u.ctx, h = Math.round(8 * devicePixelRatio);
          var top = u.bbox.top + u.bbox.height - h;
          for (var i = 0; i < s.length; i++) {
            if (!s[i][1]) { continue; }
            var x0 = u.valToPos(s[i][0], 'x', true);
            var x1 = i + 1 < s.length ? u.valToPos(s[i + 1][0], 'x', true) : u.bbox.left + u.bbox.width;
            x0 = Math.max(x0, u.bbox.left);
            x1 = Math.min(x1, u.bbox.left + u.bbox.width);
            if (x1 <= x0) { continue; }
            ctx.fillStyle = NAGIOS[s[i][1]] || NAGIOS.UNKNOWN;
            ctx.fillRect(x0, top, x1 - x0, h);
          }
        }
      }
    };
  }

  function makeChart(container, key, title, onRemove) {
    var c = { key: key, xs: [], ys: [], states: [], unit: '', plot: null };
    var box = el('div', { 'class': 'chart', 'data-key': key });
    var head = el('header');
    head.appendChild(el('span', { 'class': 'title' }, title));
    c.unitEl = el('span', { 'class': 'unit note' });
    head.appendChild(c.unitEl);
    c.lastEl = el('span', { 'class': 'last' }, '–');
    head.appendChild(c.lastEl);
    if (onRemove) {
      var rm = el('button', { 'class': 'remove', type: 'button', title: 'remove', 'aria-label': 'remove chart' }, '×');
      rm.addEventListener('click', function () { onRemove(c); });
      head.appendChild(rm);
    }
    box.appendChild(head);
    c.plotEl = el('div', { 'class': 'plot' });
    box.appendChild(c.plotEl);
    c.msgEl = el('div', { 'class': 'msg' });
    box.appendChild(c.msgEl);
    var legend = el('div', { 'class': 'states' });
    Object.keys(NAGIOS).forEach(function (s) {
      var sw = el('span', { 'class': 'swatch' });
      sw.style.background = NAGIOS[s];
      var item = el('span');
      item.appendChild(sw);
      item.appendChild(document.createTextNode(s));
      legend.appendChild(item);
    });
    box.appendChild(legend);
    container.appendChild(box);
    c.box = box;
    c.plot = new uPlot({
      width: Math.max(200, c.plotEl.clientWidth || 400), height: 200,
      // one point alone would stretch the time axis over years: show the minute before it
      scales: { x: { time: true, range: function (u, min, max) { return min === max ? [min - 60, max + 1] : [min, max]; } } },
      series: [{}, { label: key, stroke: '#2463c7', width: 2, fill: 'rgba(36,99,199,0.08)', spanGaps: true }],
      axes: [{}, { size: 60 }],
      legend: { show: false },
      plugins: [stateBand(function () { return c.states; })]
    }, [[], []], c.plotEl);
    return c;
  }

  function resizeChart(c) {
    if (c.plot && c.plotEl.clientWidth > 0) { c.plot.setSize({ width: c.plotEl.clientWidth, height: 200 }); }
  }

  function numeric(v) {
    if (typeof v === 'number') { return v; }
    if (typeof v === 'boolean') { return v ? 1 : 0; }
    return null;
  }

  function setUnit(c, unit) {
    if (unit && unit !== c.unit) {
      c.unit = unit;
      c.unitEl.textContent = '(' + unit + ')';
    }
  }

  function showLast(c, m) {
    var v = m.value;
    c.lastEl.textContent = (typeof v === 'number' ? (Math.round(v * 1000) / 1000) : String(v)) + (c.unit ? ' ' + c.unit : '') + (m.state ? ' ' + m.state : '');
    c.lastEl.className = 'last' + (m.state ? ' state-' + m.state : '');
    c.box.setAttribute('data-last-value', String(v));
    c.box.setAttribute('data-last-ts', String(m.ts));
    if (m.state) { c.box.setAttribute('data-last-state', m.state); }
  }

  /* ---------- live ---------- */
  function addLiveChart(key) {
    if (!key || live.charts.some(function (c) { return c.key === key; })) { return; }
    var c = makeChart($('live-charts'), key, key, removeLiveChart);
    live.charts.push(c);
    reconnect();
    // a channel the History publisher records starts with its recent past
    getJson(historyPath(key) + '?lastN=300').then(function (h) {
      if (live.charts.indexOf(c) < 0 || !h || !h.values) { return; }
      var seen = {};
      var merged = h.values.map(function (v) { return [v.ts / 1000, numeric(v.value), v.state || null, v]; });
      for (var i = 0; i < c.xs.length; i++) { merged.push([c.xs[i], c.ys[i], c.states[i][1], null]); }
      merged.sort(function (a, b) { return a[0] - b[0]; });
      merged = merged.filter(function (p) { var k = p[0]; if (seen[k]) { return false; } seen[k] = true; return true; });
      merged = merged.slice(-MAX_POINTS);
      c.xs = merged.map(function (p) { return p[0]; });
      c.ys = merged.map(function (p) { return p[1]; });
      c.states = merged.map(function (p) { return [p[0], p[2]]; });
      c.plot.setData([c.xs, c.ys]);
      var last = h.values[h.values.length - 1];
      if (last && !c.box.hasAttribute('data-last-ts')) { setUnit(c, last.unit); showLast(c, last); }
    }, function () { /* not recorded: the chart starts empty */ });
  }

  function historyPath(key) {
    var parts = key.split('/');
    return 'api/history/' + parts.slice(0, 2).map(encodeURIComponent).join('/') + '/' +
      encodeURIComponent(parts.slice(2).join('/'));
  }

  function removeLiveChart(c) {
    live.charts = live.charts.filter(function (x) { return x !== c; });
    c.plot.destroy();
    c.box.remove();
    reconnect();
  }

  /* one stream per page: charts added together (a #live= link) open it once */
  var reconnectPending = false;
  function reconnect() {
    if (reconnectPending) { return; }
    reconnectPending = true;
    Promise.resolve().then(function () { reconnectPending = false; reconnectNow(); });
  }

  function reconnectNow() {
    var keys = live.charts.map(function (c) { return c.key; });
    if (keys.join() === live.keys && live.source) { return; }
    live.keys = keys.join();
    if (live.source) { live.source.close(); live.source = null; }
    problem('live', null);
    if (!keys.length) { return; }
    var q = keys.map(function (k) { return 'ch=' + encodeURIComponent(k); }).join('&') + (ONCE !== null ? '&once=' + encodeURIComponent(ONCE) : '');
    if (ONCE !== null) { readOnce(BASE + 'api/live?' + q, keys.join()); return; }
    var es = new EventSource(BASE + 'api/live?' + q);
    live.source = es;
    es.addEventListener('value', function (ev) { onValue(JSON.parse(ev.data)); problem('live', null); });
    es.addEventListener('status', function (ev) {
      var s = JSON.parse(ev.data);
      problem('node:' + s.node, s.reachable ? null : s.detail);
    });
    es.addEventListener('end', function () { es.close(); live.source = null; });
    es.onerror = function () {
      if (es.readyState !== EventSource.OPEN) {
        problem('live', 'Live stream interrupted: the node cannot be reached. Reconnecting…');
      }
    };
  }

  /* ?once: the same stream read to its end with fetch (a headless browser renders once no request is open) */
  function readOnce(url, keys) {
    fetch(url, { headers: { Accept: 'text/event-stream' }, cache: 'no-store' }).then(function (r) {
      return r.text();
    }).then(function (text) {
      if (live.keys !== keys) { return; }
      text.split('\n\n').forEach(function (frame) {
        var event = 'message', data = '';
        frame.split('\n').forEach(function (line) {
          if (line.indexOf('event: ') === 0) { event = line.substring(7); }
          if (line.indexOf('data: ') === 0) { data += line.substring(6); }
        });
        if (event === 'value') { onValue(JSON.parse(data)); }
        if (event === 'status') {
          var st = JSON.parse(data);
          problem('node:' + st.node, st.reachable ? null : st.detail);
        }
      });
    }, function () {
      problem('live', 'Live stream interrupted: the node cannot be reached.');
    });
  }

  function onValue(m) {
    live.charts.forEach(function (c) {
      if (c.key !== m.key) { return; }
      setUnit(c, m.unit);
      var t = m.ts / 1000;
      c.xs.push(t);
      c.ys.push(numeric(m.value));
      c.states.push([t, m.state || null]);
      if (c.xs.length > MAX_POINTS) { c.xs.shift(); c.ys.shift(); c.states.shift(); }
      c.plot.setData([c.xs, c.ys]);
      showLast(c, m);
      c.msgEl.textContent = '';
    });
  }

  /* ---------- history ---------- */
  function showHistory() {
    var key = $('history-channel').value;
    if (!key) { return; }
    var range = $('history-range').value, to = Date.now(), from;
    if (range === 'custom') {
      from = new Date($('history-from').value).getTime();
      to = new Date($('history-to').value).getTime();
      if (!(from < to)) { return; }
    } else {
      from = to - Number(range) * 1000;
    }
    var path = historyPath(key);
    var container = $('history-charts');
    container.textContent = '';
    var c = makeChart(container, key, key + ' — ' + new Date(from).toLocaleString() + ' … ' + new Date(to).toLocaleString());
    c.msgEl.textContent = 'loading…';
    Promise.all([getJson(path + '?from=' + from + '&to=' + to),
      getJson(path + '?lastN=1000').catch(function () { return null; })]).then(function (r) {
      var range = r[0], raw = r[1], points = {};
      (range.series || []).forEach(function (s) {
        s.points.forEach(function (p) { points[p.ts] = p.value; });
      });
      var ts = Object.keys(points).map(Number).sort(function (a, b) { return a - b; });
      c.xs = ts.map(function (t) { return t / 1000; });
      c.ys = ts.map(function (t) { return numeric(points[t]); });
      var values = (raw && raw.values || []).filter(function (v) { return v.ts >= from && v.ts <= to; });
      c.states = values.map(function (v) { return [v.ts / 1000, v.state || null]; });
      if (values.length) { setUnit(c, values[values.length - 1].unit); showLast(c, values[values.length - 1]); }
      c.plot.setScale('x', { min: from / 1000, max: to / 1000 });
      c.plot.setData([c.xs, c.ys], false);
      c.plot.setScale('x', { min: from / 1000, max: to / 1000 });
      c.msgEl.textContent = ts.length ? ts.length + ' points, resolution ' + range.resolution + ' s (' +
        range.aggregation + ')' : 'no recorded values in this range';
      c.box.setAttribute('data-points', String(ts.length));
    }, function (e) {
      c.msgEl.textContent = e.status === 0 ? e.message : e.message + (e.status === 404 ? ' (record it with the History publisher)' : '');
      c.box.setAttribute('data-error', String(e.status));
    });
  }

  /* ---------- wiring ---------- */
  $('live-form').addEventListener('submit', function (e) { e.preventDefault(); addLiveChart($('live-channel').value); });
  $('history-form').addEventListener('submit', function (e) { e.preventDefault(); showHistory(); });
  $('history-range').addEventListener('change', function () {
    var custom = $('history-range').value === 'custom';
    document.querySelectorAll('#history-form .custom').forEach(function (l) { l.hidden = !custom; });
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('resize', function () { live.charts.forEach(resizeChart); });

  function refresh() {
    loadTopology().then(function () { if (ONCE === null) { setTimeout(refresh, REFRESH_MS); } });
  }
  loadTopology().then(function () {
    route();
    setTimeout(refresh, REFRESH_MS);
  });
})();
