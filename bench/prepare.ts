import { TopicNames } from '@advocacy/messaging';
import { SERVICE_NAMES, benchEnv, benchKafka } from './lib/env';
import { sleep } from './lib/stats';

/**
 * A clean slate on the shared broker: deletes the bench topics (prefix `bench.`, ours alone) and the
 * bench consumer groups, so no run consumes what an earlier or interrupted run left, and the fill
 * events of old runs do not pile up on disk. run.sh creates the topics again right after.
 */
async function main(): Promise<void> {
  const env = benchEnv();
  if (!env.topicPrefix) throw new Error('refusing to run without a topic prefix');
  const names = new TopicNames(env.topicPrefix);
  const admin = benchKafka(env, 'bench-prepare').admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId);
    // every group of a service, its own groups (`<service>-<group>`) included
    const ours = groups.filter((group) =>
      SERVICE_NAMES.some(
        (service) => group === names.group(service) || group.startsWith(`${names.group(service)}-`),
      ),
    );
    if (ours.length > 0) await admin.deleteGroups(ours);
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(env.topicPrefix));
    if (topics.length > 0) {
      await admin.deleteTopics({ topics, timeout: 30_000 });
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const left = (await admin.listTopics()).filter((topic) => topics.includes(topic));
        if (left.length === 0) break;
        await sleep(200);
      }
    }
    process.stdout.write(
      `[bench] deleted ${topics.length} bench topics and ${ours.length} bench consumer groups\n`,
    );
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench prepare failed: ${String(error)}\n`);
  process.exit(1);
});
