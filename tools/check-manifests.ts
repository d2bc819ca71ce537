/**
 * Checks rendered Kubernetes manifests (deploy/check.sh renders the Helm chart, then runs this):
 * every object against the Kubernetes and KEDA JSON schemas (kubernetes-models, no cluster needed),
 * then the rules of this platform that no schema knows — probes on /health/*, resources, a
 * disruption budget for every Deployment, an autoscaler for every role, and KEDA triggers that name
 * exactly the topics the service's code consumes with maxReplicaCount at most their partitions.
 *
 *   node dist/tools/check-manifests.js <rendered.yaml> [--no-hooks]
 *
 * `--no-hooks`: the render came from Helm's library, which leaves hooks out; then the migration Jobs
 * and Secrets must be absent (they are hooks), not missing by accident from a render that has them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@advocacy/contracts';
import { parseAllDocuments } from 'yaml';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

type Validatable = new (data: unknown) => { validate(): void };

/** Where kubernetes-models keeps the model of an apiVersion and kind. */
function modelPath(apiVersion: string, kind: string): string {
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

function loadModel(apiVersion: string, kind: string): Validatable {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- one model per kind, found at run time
  const module = require(modelPath(apiVersion, kind)) as Record<string, Validatable>;
  const model = module[kind];
  if (!model) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return model;
}

/** Run from the repository root (deploy/check.sh does). */
const ROOT = process.cwd();
const partitionsOf = new Map<string, number>(Object.values(TOPICS).map((t) => [t.name, t.partitions]));
const topicOfId = new Map<string, string>(Object.entries(TOPICS).map(([id, t]) => [id, t.name]));

/**
 * The TOPICS ids a file's `@EventPattern`s name, with the consumer group each handler runs in (''
 * for the service's main group, else the name given to `inGroup`, inline or as a constant of the
 * file): `TOPICS.<id>.name`, an array of them, or a constant of the file that holds such an array
 * (`@EventPattern(SCORED, joined('scoring'))`).
 */
export function patternTopics(source: string): { id: string; group: string }[] {
  const found: { id: string; group: string }[] = [];
  const named = (text: string) => [...text.matchAll(/TOPICS\.(\w+)\.name/g)].map((match) => match[1]);
  const constant = (name: string, shape: string) =>
    new RegExp(`const ${name}\\b[^=]*=\\s*(${shape})`).exec(source)?.[1] ?? '';
  const pattern =
    /@EventPattern\(\s*(TOPICS\.\w+\.name|\[[^\]]*\]|[A-Z_][A-Z0-9_]*)\s*(?:,\s*([^\n]*))?\)\s*$/gm;
  for (const match of source.matchAll(pattern)) {
    const [, argument, extras = ''] = match;
    const topics = /^[A-Z_][A-Z0-9_]*$/.test(argument) ? constant(argument, '\\[[^\\]]*\\]') : argument;
    const extrasText = /^[A-Z_][A-Z0-9_]*$/.test(extras.trim()) ? constant(extras.trim(), '[^;]*') : extras;
    const group = /inGroup\(\s*'([^']+)'/.exec(extrasText)?.[1] ?? '';
    for (const id of named(topics)) found.push({ id, group });
  }
  return found;
}

/** The TOPICS ids of a file's `@EventPattern`s, whatever their group. */
export function patternTopicIds(source: string): string[] {
  return patternTopics(source).map((topic) => topic.id);
}

/**
 * The topics a service's code subscribes to, per consumer group ('' = the service's own): every
 * `@EventPattern(TOPICS.<id>.name)` in its sources, and `tenant.v1` in the main group where it
 * imports the library's `TenantSettingsModule` (whose consumer lives in libs/messaging).
 */
export function consumedTopicsByGroup(serviceDir: string): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  const add = (group: string, topic: string) =>
    groups.set(group, (groups.get(group) ?? new Set()).add(topic));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.includes('.spec.') && !entry.includes('.int-spec.')) {
        const source = readFileSync(path, 'utf8');
        for (const { id, group } of patternTopics(source)) {
          const topic = topicOfId.get(id);
          if (topic) add(group, topic);
        }
        if (/\bTenantSettingsModule\b/.test(source)) add('', TOPICS.tenant.name);
      }
    }
  };
  walk(serviceDir);
  return groups;
}

/** The topics a service's code subscribes to, in any of its consumer groups. */
export function consumedTopics(serviceDir: string): Set<string> {
  return new Set([...consumedTopicsByGroup(serviceDir).values()].flatMap((topics) => [...topics]));
}

function get(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function checkManifests(manifests: Manifest[], options: { hooksRendered: boolean }): string[] {
  const problems: string[] = [];
  const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);

  for (const manifest of manifests) {
    const where = `${manifest.kind} ${manifest.metadata?.name}`;
    try {
      const Model = loadModel(manifest.apiVersion, manifest.kind);
      new Model(manifest).validate();
    } catch (error) {
      problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const deployments = byKind('Deployment');
  const pdbSelectors = byKind('PodDisruptionBudget').map((p) => get(p, 'spec', 'selector', 'matchLabels'));
  const hpaTargets = new Set(
    byKind('HorizontalPodAutoscaler').map((h) => get(h, 'spec', 'scaleTargetRef', 'name')),
  );
  const scaledObjects = byKind('ScaledObject');
  const kedaTargets = new Set(scaledObjects.map((s) => get(s, 'spec', 'scaleTargetRef', 'name')));

  for (const deployment of deployments) {
    const name = deployment.metadata.name;
    const labels = get(deployment, 'spec', 'template', 'metadata', 'labels') as Record<string, string>;
    const covered = pdbSelectors.some(
      (selector) =>
        selector !== null &&
        typeof selector === 'object' &&
        Object.entries(selector).every(([key, value]) => labels?.[key] === value),
    );
    if (!covered) problems.push(`Deployment ${name}: no PodDisruptionBudget selects its pods`);
    for (const container of asArray(get(deployment, 'spec', 'template', 'spec', 'containers'))) {
      for (const kind of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          if (get(container, 'resources', kind, resource) === undefined) {
            problems.push(`Deployment ${name}: no ${kind}.${resource}`);
          }
        }
      }
    }
    const component = labels?.['app.kubernetes.io/component'];
    if (component === undefined) continue; // the edge: nginx probes its own /healthz
    const container = asArray(get(deployment, 'spec', 'template', 'spec', 'containers'))[0];
    if (get(container, 'livenessProbe', 'httpGet', 'path') !== '/health/live') {
      problems.push(`Deployment ${name}: liveness probe is not /health/live`);
    }
    if (get(container, 'readinessProbe', 'httpGet', 'path') !== '/health/ready') {
      problems.push(`Deployment ${name}: readiness probe is not /health/ready`);
    }
    if (component === 'http' && !hpaTargets.has(name)) problems.push(`Deployment ${name}: no HPA`);
    if (component === 'consumer' && !kedaTargets.has(name)) {
      problems.push(`Deployment ${name}: no KEDA ScaledObject`);
    }
  }

  for (const scaled of scaledObjects) {
    const name = scaled.metadata.name;
    const service = scaled.metadata.labels?.['app.kubernetes.io/name'] ?? '';
    const triggers = asArray(get(scaled, 'spec', 'triggers')).map((trigger) => ({
      group: String(get(trigger, 'metadata', 'consumerGroup')),
      topic: String(get(trigger, 'metadata', 'topic')),
    }));
    // The main group is <prefix><service>; a group of its own (`inGroup`) <prefix><service>-<name>.
    const main = triggers.map((t) => t.group).find((group) => group.endsWith(service)) ?? '';
    const prefix = main.slice(0, -service.length);
    const groupOf = (group: string) =>
      group === main ? '' : group.startsWith(`${main}-`) ? group.slice(main.length + 1) : undefined;
    const strangers = [...new Set(triggers.map((t) => t.group))].filter(
      (group) => groupOf(group) === undefined,
    );
    if (!main || strangers.length > 0) {
      problems.push(
        `ScaledObject ${name}: consumer groups must be <prefix>${service} or <prefix>${service}-<group>, got ${[...new Set(triggers.map((t) => t.group))].join(', ')}`,
      );
    }
    const logicalOf = (topic: string) => (topic.startsWith(prefix) ? topic.slice(prefix.length) : topic);
    const logical = triggers.map((t) => logicalOf(t.topic));
    const unknown = logical.filter((topic) => !partitionsOf.has(topic));
    if (unknown.length > 0) problems.push(`ScaledObject ${name}: unknown topics ${unknown.join(', ')}`);
    const most = Math.max(0, ...logical.map((topic) => partitionsOf.get(topic) ?? 0));
    const max = Number(get(scaled, 'spec', 'maxReplicaCount'));
    if (!(max >= 1 && max <= most)) {
      problems.push(
        `ScaledObject ${name}: maxReplicaCount ${max} must be 1..${most} (partitions of its topics)`,
      );
    }
    const sources = join(ROOT, 'apps', service, 'src');
    if (service && statSync(sources, { throwIfNoEntry: false })?.isDirectory()) {
      const code = consumedTopicsByGroup(sources);
      const groups = new Set([...code.keys(), ...triggers.map((t) => groupOf(t.group) ?? '')]);
      for (const group of groups) {
        const label = group ? ` (group ${group})` : '';
        const consumed = code.get(group) ?? new Set<string>();
        const triggered = triggers.filter((t) => groupOf(t.group) === group).map((t) => logicalOf(t.topic));
        const missing = [...consumed].filter((topic) => !triggered.includes(topic));
        const extra = triggered.filter((topic) => !consumed.has(topic));
        if (missing.length > 0)
          problems.push(`ScaledObject ${name}: no trigger for consumed ${missing.join(', ')}${label}`);
        if (extra.length > 0)
          problems.push(`ScaledObject ${name}: triggers on ${extra.join(', ')} it never consumes${label}`);
      }
    }
  }

  const jobs = byKind('Job');
  if (options.hooksRendered) {
    const migrateJobs = jobs.filter(
      (job) => job.metadata.labels?.['app.kubernetes.io/component'] === 'migrate',
    );
    const services = new Set(deployments.map((d) => d.metadata.labels?.['app.kubernetes.io/name']));
    services.delete('edge');
    if (migrateJobs.length !== services.size) {
      problems.push(`${migrateJobs.length} migration Jobs for ${services.size} services`);
    }
    if (!jobs.some((job) => job.metadata.name.endsWith('-db-bootstrap')))
      problems.push('no db-bootstrap Job');
  } else if (jobs.length > 0 || byKind('Secret').length > 0) {
    problems.push('Jobs or Secrets rendered although they must be pre-install/pre-upgrade hooks');
  }
  return problems;
}

function main(): void {
  const [file, ...flags] = process.argv.slice(2);
  if (!file) throw new Error('usage: check-manifests <rendered.yaml> [--no-hooks]');
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  const manifests: Manifest[] = [];
  for (const document of documents) {
    if (document.errors.length > 0)
      throw new Error(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
    const value = document.toJS() as Manifest | null;
    if (value) manifests.push(value);
  }
  const problems = checkManifests(manifests, { hooksRendered: !flags.includes('--no-hooks') });
  if (problems.length > 0) {
    process.stderr.write(
      `${file}: ${problems.length} problems\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  const kinds = new Map<string, number>();
  for (const manifest of manifests) kinds.set(manifest.kind, (kinds.get(manifest.kind) ?? 0) + 1);
  const summary = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ');
  process.stdout.write(`${file}: ${manifests.length} objects valid (${summary})\n`);
}

if (require.main === module) main();
