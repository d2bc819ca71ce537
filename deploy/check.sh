#!/usr/bin/env bash
# Checks everything under deploy/ without a cluster (a step of `npm test`):
#   - the Helm chart, rendered and linted by Helm's own library (helm-java from Maven Central), and
#     every rendered object validated against the Kubernetes and KEDA schemas plus our own rules
#     (tools/check-manifests.ts);
#   - the Prometheus alert rules and scrape config (promtool), the Grafana dashboards (JSON);
#   - docker-compose.yml (docker-compose config).
# Needs `npm run build` first (scripts/test.sh runs it in the set-up).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/.run/deploy-check"
mkdir -p "$OUT"
say() { echo "[deploy-check] $*"; }

# ---- Helm chart ---------------------------------------------------------------------------------
chart=deploy/helm/advocacy-engine
classpath="$OUT/helm-classpath.txt"
if [[ ! -s "$classpath" || deploy/helm/render/pom.xml -nt "$classpath" ]]; then
  say "resolving helm-java with Maven"
  mvn -q -f deploy/helm/render/pom.xml dependency:build-classpath -Dmdep.outputFile="$classpath" >/dev/null
fi
render() { java -cp "$(cat "$classpath")" deploy/helm/render/Render.java "$chart" "$@"; }
check() { node dist/tools/check-manifests.js "$@"; }

# As Helm installs it: the library leaves the pre-install hooks out of a render.
render "$OUT/chart.yaml" --values "$chart/ci/test-values.yaml"
check "$OUT/chart.yaml" --no-hooks
# The hooks as ordinary objects (Secrets, bootstrap and migration Jobs), with a topic prefix.
render "$OUT/chart-with-hooks.yaml" --values "$chart/ci/test-values.yaml" \
  --set hooks=false --set config.KAFKA_TOPIC_PREFIX=staging.
check "$OUT/chart-with-hooks.yaml"

# ---- Prometheus and Grafana ---------------------------------------------------------------------
promtool check config deploy/prometheus/prometheus.yml
promtool check rules deploy/prometheus/rules/*.yml
promtool test rules deploy/prometheus/tests/*.yml
{ sed '/^scrape_configs:/q' deploy/prometheus/prometheus.yml; grep -v '^#' deploy/prometheus/kubernetes-scrape.yml; } \
  >"$OUT/prometheus-kubernetes.yml"
cp -r deploy/prometheus/rules "$OUT/"
if promtool check config "$OUT/prometheus-kubernetes.yml" >"$OUT/promtool-k8s.log" 2>&1; then
  say "kubernetes-scrape.yml is valid"
elif grep -q 'field kubernetes_sd_configs not found' "$OUT/promtool-k8s.log"; then
  node -e '
    const { parse } = require("yaml");
    const jobs = parse(require("fs").readFileSync("deploy/prometheus/kubernetes-scrape.yml", "utf8"));
    const job = jobs.find((j) => j.job_name === "advocacy");
    if (!job?.kubernetes_sd_configs?.[0] || !job.relabel_configs.some((r) => r.regex === "advocacy-engine")) {
      throw new Error("kubernetes-scrape.yml: the advocacy job must discover pods and keep the chart'"'"'s");
    }'
  say "kubernetes-scrape.yml parses (this promtool has no Kubernetes discovery)"
else
  cat "$OUT/promtool-k8s.log"; exit 1
fi
node -e '
  const fs = require("fs");
  const dir = "deploy/grafana/dashboards";
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  if (files.length === 0) throw new Error("no dashboards");
  const uids = new Set();
  for (const file of files) {
    const d = JSON.parse(fs.readFileSync(`${dir}/${file}`, "utf8"));
    const where = `${dir}/${file}`;
    if (!d.uid || !d.title || !Array.isArray(d.panels) || d.panels.length === 0) throw new Error(`${where}: uid, title and panels required`);
    if (uids.has(d.uid)) throw new Error(`${where}: duplicate uid ${d.uid}`);
    uids.add(d.uid);
    for (const p of d.panels) {
      if (p.type === "row") continue;
      if (!p.title || !p.gridPos || !Array.isArray(p.targets) || p.targets.length === 0) throw new Error(`${where}: panel ${p.id} needs title, gridPos and targets`);
      for (const t of p.targets) if (!t.expr) throw new Error(`${where}: panel "${p.title}" has a target without expr`);
    }
  }
  console.log(`[deploy-check] ${files.length} dashboards parse`);
'

# ---- the Dockerfile's runtime stage --------------------------------------------------------------
# The image holds dist/ and the production node_modules only: no sources and no module-loader hook.
# So no @advocacy/* import may be left in the compiled output, and every module of each app that the
# images run (docker-compose.yml's APP build args and dist/ commands) must load from such a folder.
if grep -rlE --include='*.js' "require\(\"@advocacy/" dist; then
  say "the files above still import @advocacy/* (run npm run build)"; exit 1
fi
image="$(mktemp -d)"
trap 'rm -rf "$image"' EXIT
cp -r dist package.json "$image/" && ln -s "$ROOT/node_modules" "$image/node_modules"
node -e '
  const { parse } = require("yaml");
  const services = Object.values(parse(require("fs").readFileSync("docker-compose.yml", "utf8")).services);
  const apps = new Set();
  for (const s of services) {
    if (s.build?.args?.APP) apps.add(s.build.args.APP);
    for (const word of [].concat(s.command ?? [])) {
      const m = /^dist\/apps\/([^/]+)\//.exec(word);
      if (m) apps.add(m[1]);
    }
  }
  console.log([...apps].join("\n"));
' >"$OUT/image-apps.txt"
(
  cd "$image"
  while read -r app; do
    node -e '
      const { readdirSync } = require("fs");
      const dir = `./dist/apps/${process.argv[1]}/src`;
      const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".js") && f !== "main.js");
      if (files.length === 0) throw new Error(`${dir}: nothing compiled`);
      for (const f of files) require(`${dir}/${f}`);
    ' "$app"
  done <"$OUT/image-apps.txt"
)
say "$(wc -l <"$OUT/image-apps.txt") apps load from dist/ alone (no sources, no loader hook)"

# ---- docker-compose.yml -------------------------------------------------------------------------
# Debian'"'"'s docker-compose 1.29 predates the top-level `name:`; check a copy without it.
sed '/^name:/d' docker-compose.yml >"$OUT/docker-compose.yml"
AUTH_ISSUER=https://login.example.com/realms/acme AUTH_JWKS_URL=https://login.example.com/certs \
  VISITOR_HASH_SECRET=check-only-salt UNSUBSCRIBE_SECRET=check-only-unsubscribe-key \
  LEDGER_EXPORT_KEY=check-only-ledger-export-key-0123456789 \
  docker-compose -f "$OUT/docker-compose.yml" --project-directory "$ROOT" config -q
say "docker-compose.yml is valid"
# No Dockerfile linter ships in Debian or npm by name (hadolint is neither); the Dockerfile is
# built by docker-compose only where a Docker daemon runs.
say "all deploy checks passed"
