import type { Period, TeamMetric } from '@advocacy/contracts';
import { escapeHtml } from '@advocacy/platform';

export interface WidgetBoard {
  scope: string;
  period: Period;
  metric: TeamMetric;
}

/**
 * The widget: one dependency-free custom element fed by the board's event stream. Its embed key
 * arrives in the page's fragment (`#key=<keyId>.<secret>` or `#key=<secret>`), which browsers never
 * send to a server or in a Referer; the script takes it out of the address at once and sends it in
 * the stream's Authorization header, so the page HTML and every URL a server sees carry at most the
 * key's public id. The stream is read with fetch (EventSource cannot send headers) by a small parser
 * of its own: the page runs exactly one inline script under a nonce CSP, so no library can be loaded.
 */
export function widgetPage(board: WidgetBoard, keyId: string, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leaderboard</title>
<style>body { margin: 0; font-family: system-ui, sans-serif; background: #f4f6fb; }</style>
</head>
<body>
<advocacy-leaderboard key-id="${escapeHtml(keyId)}" scope="${escapeHtml(board.scope)}" period="${escapeHtml(board.period)}" metric="${escapeHtml(board.metric)}"></advocacy-leaderboard>
<script nonce="${escapeHtml(nonce)}">
(function () {
  const fragment = new URLSearchParams(location.hash.slice(1)).get('key') || '';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  const STYLE = \`
    :host { display: block; max-width: 420px; margin: 16px; padding: 16px; border-radius: 12px;
            background: #fff; box-shadow: 0 2px 12px rgba(0,0,0,.08); position: relative; }
    h2 { margin: 0 0 12px; font-size: 18px; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { display: flex; gap: 12px; align-items: center; padding: 6px 8px; border-radius: 8px; }
    .rank { width: 2em; color: #667; } .name { flex: 1; } .points { font-variant-numeric: tabular-nums; }
    .status { margin-top: 12px; padding-top: 8px; border-top: 1px solid #eee; color: #556; font-size: 13px; }\`;

  class AdvocacyLeaderboard extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      const keyId = this.getAttribute('key-id') || '';
      const scope = this.getAttribute('scope') || 'global';
      const period = this.getAttribute('period') || 'week';
      const metric = this.getAttribute('metric') || 'sum';
      root.innerHTML = '<style>' + STYLE + '</style><h2></h2><ol part="list"></ol>' +
        '<div class="status" part="status" role="status"></div>';
      root.querySelector('h2').textContent = 'Leaderboard · ' + scope + ' · ' + period;
      this.list = root.querySelector('ol');
      this.status = root.querySelector('.status');
      const key = fragment.indexOf('.') > 0 ? fragment : keyId + '.' + fragment;
      if (!fragment) return this.state('missing-key', 'This widget needs its embed key in the address (#key=…).');
      const url = '/api/v1/leaderboards/' + encodeURIComponent(scope) + '/stream?period=' +
        encodeURIComponent(period) + (scope === 'teams' ? '&metric=' + encodeURIComponent(metric) : '') +
        '&limit=10';
      this.abort = new AbortController();
      this.follow(url, key);
    }

    disconnectedCallback() { if (this.abort) this.abort.abort(); }

    state(name, text) {
      this.dataset.state = name;
      this.status.textContent = text;
    }

    /** Reads the stream, reconnecting after the server's retry and resuming with Last-Event-ID. */
    async follow(url, key) {
      let lastId = '';
      let retryMs = 3000;
      for (;;) {
        let ended = 'reconnecting';
        try {
          const headers = { authorization: 'EmbedKey ' + key, accept: 'text/event-stream' };
          if (lastId) headers['last-event-id'] = lastId;
          const response = await fetch(url, { headers, signal: this.abort.signal, credentials: 'omit' });
          if (response.status === 401 || response.status === 403) {
            const body = await response.json().catch(() => ({}));
            return this.state('refused', (body.error && body.error.message) || 'This embed key is not valid.');
          }
          if (!response.ok || !response.body) throw new Error('stream answered ' + response.status);
          this.state('live', 'Live');
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value.replace(/\\r\\n?/g, '\\n');
            let end;
            while ((end = buffer.indexOf('\\n\\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = { event: 'message', data: [] };
              for (const line of block.split('\\n')) {
                if (!line || line[0] === ':') continue;
                const colon = line.indexOf(':');
                const field = colon < 0 ? line : line.slice(0, colon);
                const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
                if (field === 'data') event.data.push(text);
                else if (field === 'event') event.event = text;
                else if (field === 'id') lastId = text;
                else if (field === 'retry' && /^\\d+$/.test(text)) retryMs = Number(text);
              }
              if (event.event === 'revoked') ended = 'revoked';
              else if (event.data.length && (event.event === 'snapshot' || event.event === 'update')) {
                this.show(JSON.parse(event.data.join('\\n')));
              }
            }
          }
        } catch (error) {
          if (this.abort.signal.aborted) return;
        }
        if (ended === 'revoked') return this.state('revoked', 'This embed key was revoked.');
        this.state('reconnecting', 'Reconnecting…');
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    }

    show(view) {
      const before = new Map();
      for (const item of this.list.children) before.set(item.dataset.id, item.getBoundingClientRect().top);
      const items = view.entries.slice(0, 10).map((entry) => {
        const id = entry.employeeId || entry.teamId;
        const item = document.createElement('li');
        item.dataset.id = id;
        item.dataset.rank = String(entry.rank);
        item.dataset.points = String(entry.points);
        const cells = [['rank', '#' + entry.rank], ['name', entry.displayName || id], ['points', view.metric === 'average' ? entry.value + ' avg' : view.metric === 'participation' ? Math.round(entry.value * 100) + '%' : entry.points + ' pts']];
        for (const [cls, text] of cells) {
          const span = document.createElement('span');
          span.className = cls;
          span.textContent = text;
          item.append(span);
        }
        return item;
      });
      this.list.replaceChildren(...items);
      for (const item of items) {
        const old = before.get(item.dataset.id);
        const top = item.getBoundingClientRect().top;
        if (old === undefined) item.animate([{ opacity: 0 }, { opacity: 1 }], { duration: 300 });
        else if (old !== top) {
          item.animate([{ transform: 'translateY(' + (old - top) + 'px)' }, { transform: 'none' }],
            { duration: 450, easing: 'ease-out' });
        }
      }
      this.dataset.updated = String(Date.now());
    }

  }

  customElements.define('advocacy-leaderboard', AdvocacyLeaderboard);
})();
</script>
</body>
</html>
`;
}
