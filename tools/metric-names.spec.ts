/**
 * Every metric a dashboard panel or an alert rule queries must be one the services expose (or one of
 * the outside exporters named below). promtool and a JSON lint accept a query of a metric that does
 * not exist, and such a panel is silently empty: the SSE panel queried `sse_streams_open` while the
 * leaderboard exports `sse_open_streams`.
 *
 * The services' names are read from the source: every metric is registered through `counter`,
 * `gauge` or `histogram` (libs/platform/src/metrics.ts) or a `new Gauge({ name })` with a collect hook.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');

/** Metrics that come from elsewhere: prom-client's defaults, Prometheus itself, kube-state-metrics. */
const OUTSIDE = [/^process_/, /^nodejs_/, /^up$/, /^kube_/];

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const PROMQL_MORE_WORDS = new Set(['and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan']);

/** The metric names a PromQL expression reads (not functions, labels, keywords or durations). */
export function metricsOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+\w+/gi, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...bare.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?/g)]
    .filter(([, , call]) => !call)
    .map(([, name]) => name)
    .filter((name) => !PROMQL_WORDS.has(name) && !PROMQL_MORE_WORDS.has(name.toLowerCase()));
  return [...new Set(names)];
}

/** The series name without the suffixes a histogram or summary adds. */
const family = (name: string) => name.replace(/_(?:bucket|count|sum)$/, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(?:int-|e2e-)?spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

function exposedMetrics(): Set<string> {
  const names = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))]) {
    const text = readFileSync(file, 'utf8');
    for (const [, name] of text.matchAll(/\b(?:counter|gauge|histogram)\(\s*[\w.]+,\s*'([a-z_:]+)'/g))
      names.add(name);
    for (const [, name] of text.matchAll(
      /new (?:Counter|Gauge|Histogram|Summary)\(\{\s*name:\s*'([a-z_:]+)'/g,
    )) {
      names.add(name);
    }
  }
  return names;
}

interface Query {
  where: string;
  expr: string;
}

function dashboardQueries(): Query[] {
  const dir = join(ROOT, 'deploy/grafana/dashboards');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        panels: { title: string; targets?: { expr: string }[] }[];
      };
      return dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({ where: `${file}: ${panel.title}`, expr: target.expr })),
      );
    });
}

function ruleQueries(): { queries: Query[]; recorded: Set<string> } {
  const dir = join(ROOT, 'deploy/prometheus/rules');
  const queries: Query[] = [];
  const recorded = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.yml'))) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as {
      groups: { rules: { alert?: string; record?: string; expr: string }[] }[];
    };
    for (const rule of doc.groups.flatMap((group) => group.rules)) {
      if (rule.record) recorded.add(rule.record);
      queries.push({ where: `${file}: ${rule.alert ?? rule.record}`, expr: String(rule.expr) });
    }
  }
  return { queries, recorded };
}

describe('metricsOf', () => {
  it.each([
    ['sum by (service) (sse_open_streams{service=~"$service"})', ['sse_open_streams']],
    [
      'histogram_quantile(0.99, sum by (service, route, le) (rate(http_request_duration_seconds_bucket{route!~"/x/.*"}[5m]))) > 1',
      ['http_request_duration_seconds_bucket'],
    ],
    [
      'advocacy:consumer_lag:sum > 1000 and deriv(advocacy:consumer_lag:sum[15m]) > 0',
      ['advocacy:consumer_lag:sum'],
    ],
    ['up{job=~"advocacy.*"} == 0', ['up']],
    ['a_total / on (service) group_left b_info', ['a_total', 'b_info']],
    ['max without (instance) (x_seconds) offset 5m', ['x_seconds']],
  ])('%s reads %j', (expr, expected) => {
    expect(metricsOf(expr)).toEqual(expected);
  });
});

describe('dashboards and alert rules query metrics that exist', () => {
  const exposed = exposedMetrics();
  const { queries, recorded } = ruleQueries();

  it('finds the services’ metrics in the source', () => {
    for (const name of ['http_request_duration_seconds', 'sse_open_streams', 'db_pool_connections']) {
      expect(exposed).toContain(name);
    }
  });

  it.each([...dashboardQueries(), ...queries].map((query) => [query.where, query.expr]))(
    '%s',
    (_where, expr) => {
      const unknown = metricsOf(expr).filter(
        (name) =>
          !exposed.has(family(name)) && !recorded.has(name) && !OUTSIDE.some((pattern) => pattern.test(name)),
      );
      expect(unknown).toEqual([]);
    },
  );
});
