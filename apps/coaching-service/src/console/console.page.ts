/**
 * The coach console: one static page and one script, no dependencies. The page never embeds data or
 * the token; the script reads the token from the fragment `#token=` (browsers never send a fragment, so
 * no access log, proxy or Referer sees it), keeps it in sessionStorage, strips it from the address bar
 * and calls the JSON API with it, where it is verified like any other bearer token.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Coach console</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
  header { background: #1d2330; color: #fff; padding: 12px 24px; display: flex; justify-content: space-between; }
  main { max-width: 920px; margin: 0 auto; padding: 16px 24px; }
  section { background: #fff; border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; box-shadow: 0 1px 2px #0002; }
  h2 { font-size: 17px; margin: 4px 0 10px; }
  table { width: 100%; border-collapse: collapse; }
  td, th { text-align: left; padding: 6px 4px; border-bottom: 1px solid #eee; }
  button { padding: 4px 12px; border-radius: 4px; border: 1px solid #999; background: #fff; cursor: pointer; }
  button.accept { background: #1a7f37; color: #fff; border-color: #1a7f37; }
  .trend { font-family: monospace; letter-spacing: 1px; }
  .empty { color: #777; font-style: italic; }
  textarea { width: 100%; min-height: 64px; box-sizing: border-box; }
  #status.error { color: #b42318; }
</style>
</head>
<body>
<header><strong>Coach console</strong><span id="who"></span></header>
<main>
  <p id="status" role="status"></p>
  <section>
    <h2>Proposals</h2>
    <table><thead><tr><th>Advocate</th><th>Kind</th><th>Proposed</th><th></th></tr></thead>
    <tbody id="proposals"></tbody></table>
  </section>
  <section>
    <h2>Active mentees</h2>
    <table><thead><tr><th>Mentee</th><th>Last share</th><th>Points, last 8 weeks</th></tr></thead>
    <tbody id="mentees"></tbody></table>
  </section>
  <section>
    <h2>Send a tip to your mentees</h2>
    <textarea id="tip" maxlength="2000" placeholder="A short, practical tip"></textarea>
    <p><button id="send-tip" type="button">Send tip</button></p>
  </section>
</main>
<script src="/console/console.js"></script>
</body>
</html>
`;

export const CONSOLE_JS = `'use strict';
(function () {
  var params = new URLSearchParams(location.hash.slice(1));
  var token = params.get('token') || sessionStorage.getItem('coachToken') || '';
  if (params.has('token')) {
    sessionStorage.setItem('coachToken', token);
    history.replaceState(null, '', location.pathname);
  }
  var statusEl = document.getElementById('status');
  function status(text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? 'error' : '';
  }
  function call(method, path, body) {
    var init = { method: method, headers: { authorization: 'Bearer ' + token } };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) throw new Error((json.error && json.error.message) || ('HTTP ' + response.status));
        return json;
      });
    });
  }
  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function emptyRow(tbody, columns, text) {
    var row = document.createElement('tr');
    var td = cell(row, text);
    td.colSpan = columns;
    td.className = 'empty';
    tbody.appendChild(row);
  }
  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : 'never';
  }
  var BARS = '\\u2581\\u2582\\u2583\\u2584\\u2585\\u2586\\u2587\\u2588';
  function sparkline(trend) {
    var max = Math.max.apply(null, trend.map(function (w) { return w.points; }).concat([1]));
    return trend.map(function (w) {
      return BARS[Math.min(7, Math.floor((Math.max(0, w.points) / max) * 7))];
    }).join('');
  }
  function act(id, action) {
    status('Working…');
    call('POST', '/api/v1/assignments/' + encodeURIComponent(id) + '/' + action, {})
      .then(function (assignment) {
        status('Assignment for ' + assignment.employeeId + ' is now ' + assignment.state + '.');
        return load();
      })
      .catch(function (error) { status(error.message, true); });
  }
  function renderProposals(list) {
    var tbody = document.getElementById('proposals');
    tbody.textContent = '';
    if (list.length === 0) return emptyRow(tbody, 4, 'No open proposals.');
    list.forEach(function (assignment) {
      var row = document.createElement('tr');
      row.dataset.assignmentId = assignment.id;
      cell(row, assignment.employeeId);
      cell(row, assignment.kind);
      cell(row, when(assignment.proposedAt));
      var actions = cell(row, '');
      [['accept', 'Accept'], ['decline', 'Decline']].forEach(function (pair) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = pair[0];
        button.textContent = pair[1];
        button.addEventListener('click', function () { act(assignment.id, pair[0]); });
        actions.appendChild(button);
        actions.appendChild(document.createTextNode(' '));
      });
      tbody.appendChild(row);
    });
  }
  function renderMentees(list) {
    var tbody = document.getElementById('mentees');
    tbody.textContent = '';
    if (list.length === 0) return emptyRow(tbody, 3, 'No active mentees yet.');
    list.forEach(function (mentee) {
      var row = document.createElement('tr');
      row.dataset.employeeId = mentee.employeeId;
      cell(row, mentee.displayName || mentee.employeeId);
      cell(row, when(mentee.lastShareAt));
      var trend = cell(row, sparkline(mentee.pointsTrend));
      trend.className = 'trend';
      trend.title = mentee.pointsTrend.map(function (w) { return w.week + ': ' + w.points; }).join(', ');
      tbody.appendChild(row);
    });
  }
  function load() {
    return Promise.all([
      call('GET', '/api/v1/assignments?mine=true&state=proposed'),
      call('GET', '/api/v1/mentees'),
    ]).then(function (results) {
      renderProposals(results[0].assignments);
      renderMentees(results[1].mentees);
      document.body.dataset.loaded = 'true';
    });
  }
  document.getElementById('send-tip').addEventListener('click', function () {
    var text = document.getElementById('tip').value.trim();
    if (!text) return status('Write a tip first.', true);
    call('POST', '/api/v1/tips', { text: text })
      .then(function (sent) {
        document.getElementById('tip').value = '';
        status('Tip sent to ' + sent.employeeIds.length + ' mentee(s).');
      })
      .catch(function (error) { status(error.message, true); });
  });
  if (!token) {
    status('Open this page with #token=<your access token>.', true);
    return;
  }
  load().catch(function (error) { status(error.message, true); });
})();
`;
