import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { measureToday } from './web-lighthouse';

/**
 * The web app's JavaScript budget (issue 16: initial JS ≤ 200 KB gzipped), measured on the production
 * build in dist/apps/web (`npm run build:web`): the entry and its preloads from index.html, plus the
 * sign-in method's chunk, which the app loads before its first render. Pages other than the
 * employee's load later and are listed apart. Then Lighthouse on the employee's Today page
 * (bench/web-lighthouse.ts): performance ≥ 90 and accessibility ≥ 95; best practices recorded.
 * usage: npm run bench:web (builds both web builds, then node
 * dist/bench/web-budget.js)
 */
const BUDGET_BYTES = 200 * 1024;
const MIN_PERFORMANCE = 90;
const MIN_ACCESSIBILITY = 95;
const root = resolve(__dirname, '../apps/web');
const html = readFileSync(join(root, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
const assets = readdirSync(join(root, 'assets')).filter((name) => name.endsWith('.js'));
const initial = [
  ...referenced,
  ...assets.filter((name) => name.startsWith('auth-')).map((n) => `assets/${n}`),
];
const gzipped = (path: string) => gzipSync(readFileSync(join(root, path)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

let total = 0;
for (const path of initial) {
  const size = gzipped(path);
  total += size;
  console.log(`initial  ${kb(size).padStart(9)}  ${path}`);
}
for (const name of assets.filter((n) => !initial.includes(`assets/${n}`)))
  console.log(`later    ${kb(gzipped(`assets/${name}`)).padStart(9)}  assets/${name}`);
console.log(`initial JavaScript: ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)})`);

async function main(): Promise<void> {
  const scores = await measureToday();
  for (const [name, value] of Object.entries(scores.metrics)) console.log(`  ${name}: ${value}`);
  console.log(
    `Lighthouse, Today page: performance ${scores.performance} (budget ≥ ${MIN_PERFORMANCE}), ` +
      `accessibility ${scores.accessibility} (≥ ${MIN_ACCESSIBILITY}), best practices ${scores.bestPractices}`,
  );
  const within =
    total <= BUDGET_BYTES &&
    scores.performance >= MIN_PERFORMANCE &&
    scores.accessibility >= MIN_ACCESSIBILITY;
  process.exitCode = within ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
