import Redis, { Cluster, RedisOptions } from 'ioredis';

// Apart from redis.ts (the Nest module), so that the auth guard's modules can make clients without
// importing the metrics and health modules, which import the guard.

/**
 * A standalone client for `url`, or, when `clusterNodes` (REDIS_CLUSTER_NODES) are given, an
 * ioredis Cluster seeded with them (credentials from `url`). Services keep their `Redis` type: a
 * Cluster answers every command, script, pipeline and MULTI they use as long as each one touches a
 * single slot, which the `{tenant}` hash tags guarantee (apps/leaderboard-service/test/
 * redis-cluster.int-spec.ts runs the boards on a real cluster). Only `duplicate(options)` differs
 * (a Cluster takes seed nodes first), so it is adapted here.
 */
export function createRedis(url: string, name = 'advocacy', clusterNodes: string[] = []): Redis {
  const options: RedisOptions = { connectionName: name, maxRetriesPerRequest: 3 };
  if (clusterNodes.length === 0) return new Redis(url, { ...options, enableAutoPipelining: true });
  const { username, password } = new URL(url);
  const redisOptions: RedisOptions = {
    ...options,
    username: username ? decodeURIComponent(username) : undefined,
    password: password ? decodeURIComponent(password) : undefined,
  };
  const seeds = clusterNodes.map((node) => {
    const [host = '', port = ''] = node.split(':');
    return { host, port: Number(port) };
  });
  // No auto-pipelining on a cluster: ioredis batches commands of different tenants (slots) into one
  // pipeline and refuses it ("All keys in the pipeline should belong to the same slots allocation
  // group"), as the cluster test showed.
  const cluster = new Cluster(seeds, { redisOptions });
  const duplicate = cluster.duplicate.bind(cluster);
  return Object.assign(cluster, {
    duplicate: (override: RedisOptions = {}) =>
      duplicate([], { redisOptions: { ...redisOptions, ...override } }),
  }) as unknown as Redis;
}
