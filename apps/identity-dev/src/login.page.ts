import { DEMO_PASSWORD, DemoPerson } from '@advocacy/demo-directory';
import { escapeHtml } from '@advocacy/platform';

/** The development sign-in page: labelled fields, native form controls, usable with the keyboard alone. */
export function loginPage(options: {
  action: string;
  people: readonly DemoPerson[];
  clientId: string;
  error?: string;
  username?: string;
}): string {
  const choices = options.people
    .slice(0, 12)
    .map(
      (person) =>
        `<li><code>${escapeHtml(person.id)}</code> — ${escapeHtml(person.name)} (${escapeHtml(person.roles.join(', '))})</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Sign in — Advocacy Engine (development)</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { font: inherit; width: 100%; padding: .5rem; box-sizing: border-box; }
  button { font: inherit; margin-top: 1.5rem; padding: .6rem 1.2rem; }
  :focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
  .note { background: #fff4ce; padding: .75rem; border-radius: .25rem; }
  .error { color: #a50e0e; font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>Sign in</h1>
<p class="note" role="note">Development identity provider — never the production path. Every demo person's password is
<strong><code>${escapeHtml(DEMO_PASSWORD)}</code></strong>.</p>
${options.error ? `<p class="error" role="alert" id="error">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}" autocomplete="off">
  <label for="username">User name</label>
  <input id="username" name="username" required autofocus value="${escapeHtml(options.username ?? '')}"
    ${options.error ? 'aria-describedby="error" aria-invalid="true"' : ''}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required>
  <p>Signing in to <code>${escapeHtml(options.clientId)}</code> grants it your profile, e-mail and offline access.</p>
  <button type="submit">Sign in and allow</button>
</form>
<h2>Demo people</h2>
<p>Tenant <code>demo</code>: the admin, two coaches and forty employees <code>emp-01</code>…<code>emp-40</code>, e.g.</p>
<ul>${choices}</ul>
</main>
</body>
</html>`;
}
