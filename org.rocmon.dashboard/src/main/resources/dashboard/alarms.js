/* Rocmon dashboard: the alarm list and the colours of alarmed elements (docs/alarms.md). Loaded before app.js. */
(function () {
  'use strict';

  // an element an open alarm is about takes the alarm's colour, whatever its state
  var COLORS = { critical: '#d32f2f', warning: '#e0b000' };

  function when(ts) { return ts ? new Date(ts).toLocaleTimeString() : ''; }

  function colorOf(x, stateColors) {
    return (x.alarm && COLORS[x.alarm]) || stateColors[x.state] || stateColors.unknown;
  }

  /* open alarms first, then recent ones; a click shows the element the alarm is about */
  function draw(topo, el, stateColors) {
    var alarms = topo.alarms || [], list = document.getElementById('alarm-list'), open = 0;
    list.textContent = '';
    alarms.forEach(function (a) {
      var isOpen = a.end === null || a.end === undefined;
      if (isOpen) { open++; }
      var li = el('li', { 'data-alarm-id': a.id, 'data-open': String(isOpen), 'data-severity': a.severity,
        'data-element': a.element || '', 'class': isOpen ? 'open' : 'ended' });
      var sev = el('span', { 'class': 'badge' }, isOpen ? a.severity : 'cleared');
      sev.style.background = isOpen ? (COLORS[a.severity] || stateColors.unknown) : stateColors.running;
      li.appendChild(sev);
      li.appendChild(el('span', { 'class': 'where' }, ' ' + a.sensor + ' · ' + a.kind + ' · ' + a.source + ' '));
      li.appendChild(el('span', { 'class': 'text' }, a.text));
      li.appendChild(el('span', { 'class': 'note' }, ' since ' + when(a.start) + (isOpen ? '' : ', cleared ' + when(a.end)) +
        (a.via && a.via.length ? ', via ' + a.via.join(' ← ') : '')));
      if (a.element) { li.addEventListener('click', function () { location.hash = 'topology=' + a.element; }); }
      list.appendChild(li);
    });
    if (!alarms.length) { list.appendChild(el('li', { 'class': 'none' }, 'No alarms.')); }
    var count = document.getElementById('alarm-count');
    count.textContent = String(open);
    count.hidden = open === 0;
  }

  window.RocmonAlarms = { COLORS: COLORS, CHANNELS: ['alarms', 'rocmon.alarms'], colorOf: colorOf, when: when, draw: draw };
})();
