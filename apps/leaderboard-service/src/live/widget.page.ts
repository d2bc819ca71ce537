import type { WidgetQuery } from '@advocacy/contracts';
import { escapeHtml } from '@advocacy/platform';

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The widget: one dependency-free custom element fed by the board's event stream. */
export function widgetPage(query: WidgetQuery, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leaderboard</title>
<style>body { margin: 0; font-family: system-ui, sans-serif; background: #f4f6fb; }</style>
</head>
<body>
<advocacy-leaderboard scope="${escapeHtml(query.scope)}" period="${escapeHtml(query.period)}" metric="${escapeHtml(query.metric)}"></advocacy-leaderboard>
<script nonce="${escapeHtml(nonce)}">
(function () {
  const TOKEN = ${scriptJson(query.token)};
  const STYLE = \`
    :host { display: block; max-width: 420px; margin: 16px; padding: 16px; border-radius: 12px;
            background: #fff; box-shadow: 0 2px 12px rgba(0,0,0,.08); position: relative; }
    h2 { margin: 0 0 12px; font-size: 18px; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { display: flex; gap: 12px; align-items: center; padding: 6px 8px; border-radius: 8px; }
    li.viewer { background: #e8f0ff; font-weight: 600; }
    .rank { width: 2em; color: #667; } .name { flex: 1; } .points { font-variant-numeric: tabular-nums; }
    .me { margin-top: 12px; padding-top: 8px; border-top: 1px solid #eee; color: #334; }
    .toast { position: absolute; right: 12px; top: 12px; padding: 10px 14px; border-radius: 8px;
             background: #1d2b53; color: #fff; opacity: 0; transform: translateY(8px);
             transition: opacity .3s, transform .3s; pointer-events: none; }
    .toast.show { opacity: 1; transform: none; }\`;

  class AdvocacyLeaderboard extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      const scope = this.getAttribute('scope') || 'global';
      const period = this.getAttribute('period') || 'week';
      const metric = this.getAttribute('metric') || 'sum';
      root.innerHTML = '<style>' + STYLE + '</style><h2></h2><ol part="list"></ol>' +
        '<div class="me" part="me"></div><div class="toast" part="toast" role="status"></div>';
      root.querySelector('h2').textContent = 'Leaderboard · ' + scope + ' · ' + period;
      this.list = root.querySelector('ol');
      this.me = root.querySelector('.me');
      this.toastBox = root.querySelector('.toast');
      this.viewer = null;
      const url = '/api/v1/leaderboards/' + encodeURIComponent(scope) + '/stream?period=' +
        encodeURIComponent(period) + (scope === 'teams' ? '&metric=' + encodeURIComponent(metric) : '') +
        '&limit=10&token=' + encodeURIComponent(TOKEN);
      this.source = new EventSource(url);
      const onView = (event) => this.show(JSON.parse(event.data));
      this.source.addEventListener('snapshot', onView);
      this.source.addEventListener('update', onView);
      this.source.addEventListener('badge', (event) => this.toast(JSON.parse(event.data)));
    }

    disconnectedCallback() { if (this.source) this.source.close(); }

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
        if (view.me && view.me.rank === entry.rank) item.classList.add('viewer');
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
      this.me.textContent = view.me
        ? 'You: #' + view.me.rank + ' of ' + view.me.total + ' · ' + view.me.points + ' pts' +
          (view.me.gapToNext ? ' · ' + view.me.gapToNext + ' to the next rank' : '')
        : 'You are not on this board yet';
      this.me.dataset.rank = view.me ? String(view.me.rank) : '';
      this.dataset.updated = String(Date.now());
    }

    toast(badge) {
      this.toastBox.textContent = 'Badge won: ' + badge.name + (badge.level ? ' (' + badge.level + ')' : '') + ' — ' + badge.reason;
      this.toastBox.classList.add('show');
      clearTimeout(this.toastTimer);
      this.toastTimer = setTimeout(() => this.toastBox.classList.remove('show'), 6000);
    }
  }

  customElements.define('advocacy-leaderboard', AdvocacyLeaderboard);
})();
</script>
</body>
</html>
`;
}
