package org.rocmon.mixins.publisher.stream.internal;

/**
 * The page a browser gets at {@code /stream/}: it lists the streams ({@code GET /stream/} as JSON), subscribes to
 * each with EventSource and shows the latest value of every channel. Self-contained: no script or style from
 * elsewhere. Values are inserted as text, never as HTML. With {@code ?once} each stream is closed once it has shown
 * the latest value of every channel (at the {@code snapshot} event; after the first value when the stream had none
 * yet): a snapshot, which also lets a headless browser finish loading (an open EventSource keeps it waiting).
 */
final class StreamPage {

    static final String HTML = "<!DOCTYPE html>\n"
            + "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rocmon streams</title>\n"
            + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
            + ".CRITICAL{background:#fcc}.WARNING{background:#ffc}.UNKNOWN{background:#eee}</style></head>\n"
            + "<body><h1>Rocmon streams</h1><p id=\"status\">loading</p>\n"
            + "<table><thead><tr><th>stream</th><th>sensor</th><th>channel</th><th>value</th><th>unit</th>"
            + "<th>state</th><th>time</th></tr></thead><tbody id=\"values\"></tbody></table>\n"
            + "<script>\n"
            + "const rows = {};\n"
            + "const once = new URLSearchParams(location.search).has('once');\n"
            + "function cell(tr, text) { const td = document.createElement('td'); td.textContent = text; tr.appendChild(td); return td; }\n"
            + "function show(path, m) {\n"
            + "  const key = path + ' ' + m.sensor + ' ' + m.channel;\n"
            + "  let tr = rows[key];\n"
            + "  if (!tr) { tr = document.createElement('tr'); for (let i = 0; i < 7; i++) cell(tr, ''); rows[key] = tr;\n"
            + "    document.getElementById('values').appendChild(tr); }\n"
            + "  const c = tr.children;\n"
            + "  c[0].textContent = path; c[1].textContent = m.sensor; c[2].textContent = m.channel;\n"
            + "  c[3].textContent = String(m.value); c[3].className = 'value';\n"
            + "  c[4].textContent = m.unit || ''; c[5].textContent = m.state || ''; tr.className = m.state || '';\n"
            + "  c[6].textContent = new Date(m.ts).toISOString();\n"
            + "}\n"
            // from the origin, not the page's URL: a page opened as http://user:password@host/ has credentials in
            // its URL, which fetch refuses; the browser sends the login it made for the page on its own
            + "fetch(location.origin + '/stream/', {headers: {'Accept': 'application/json'}}).then(r => r.json()).then(list => {\n"
            + "  const status = document.getElementById('status');\n"
            + "  status.textContent = list.streams.length + ' stream(s)';\n"
            + "  for (const s of list.streams) {\n"
            + "    const source = new EventSource(location.origin + s.path);\n"
            + "    let channels = null;\n"
            + "    source.addEventListener('measurement', e => { show(s.path, JSON.parse(e.data)); if (once && channels === 0) source.close(); });\n"
            + "    source.addEventListener('snapshot', e => { channels = JSON.parse(e.data).channels; if (once && channels > 0) source.close(); });\n"
            + "    source.addEventListener('end', () => source.close());\n"
            + "  }\n"
            + "}).catch(e => { document.getElementById('status').textContent = 'cannot list streams: ' + e; });\n"
            + "</script></body></html>\n";

    private StreamPage() {
    }
}
