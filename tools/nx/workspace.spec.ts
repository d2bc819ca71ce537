// The Nx workspace does real work: `nx affected` narrows the developer loop to the projects a change
// can break, and every project that ships code builds on its own, referencing exactly the libraries
// it uses. Runs the real Nx CLI against this checkout (no daemon, nothing cached between runs).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

function nx(...args: string[]): string {
  return execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function json<T>(output: string): T {
  // Nx may print a notice before the JSON; the document starts at the first bracket.
  return JSON.parse(output.slice(output.search(/[[{]/))) as T;
}

interface ProjectGraph {
  graph: {
    nodes: Record<string, { data: { root: string; tags?: string[]; targets?: Record<string, unknown> } }>;
    dependencies: Record<string, { target: string }[]>;
  };
}

interface TsConfig {
  references?: { path: string }[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as T;

describe('nx affected', () => {
  it.each([
    ['apps/coaching-service/src/main.ts', ['coaching-service']],
    // leaderboard's rebuild test starts the scoring service in-process (test/rebuild.int-spec.ts)
    ['apps/scoring-service/src/main.ts', ['leaderboard-service', 'scoring-service']],
    ['libs/guidelines/src/index.ts', ['content-service', 'guidelines', 'share-tracking-service', 'web']],
    ['apps/web/src/main.tsx', ['web']],
  ])('a change to %s affects %j', (file, expected) => {
    const affected = json<string[]>(nx('show', 'projects', '--affected', `--files=${file}`, '--json'));
    expect([...affected].sort()).toEqual(expected);
  });

  it('runs only the touched app’s tests, not the suite', () => {
    const plan = json<{ tasks: { tasks: Record<string, unknown> } }>(
      nx('affected', '-t', 'test', '--files=apps/coaching-service/src/main.ts', '--graph=stdout'),
    );
    expect(Object.keys(plan.tasks.tasks)).toEqual(['coaching-service:test']);
  });
});

describe('project build configuration', () => {
  const { nodes, dependencies } = json<ProjectGraph>(nx('graph', '--file=stdout')).graph;
  const isLibrary = (name: string) => nodes[name]?.data.tags?.includes('type:lib') ?? false;
  // libs/testing ships nothing and the web app is built by Vite; everything else is compiled by tsc.
  const compiled = Object.keys(nodes)
    .filter((name) => !nodes[name].data.tags?.includes('type:testing') && name !== 'web')
    .sort();

  it('covers every project that ships code', () => {
    expect(compiled).toEqual(expect.arrayContaining(['contracts', 'scoring-service', 'tools']));
  });

  it.each(compiled)('%s has a build and a typecheck target from its own tsconfig files', (name) => {
    const { root, targets = {} } = nodes[name].data;
    for (const file of ['tsconfig.build.json', 'tsconfig.check.json']) {
      if (!existsSync(join(ROOT, root, file))) {
        throw new Error(
          `${root}/${file} is missing: copy the one of libs/platform (or an app's) and adjust it`,
        );
      }
    }
    expect(Object.keys(targets)).toEqual(expect.arrayContaining(['build', 'lint', 'test', 'typecheck']));
  });

  it.each(compiled)('%s references exactly the libraries it imports', (name) => {
    const { root } = nodes[name].data;
    const config = readJson<TsConfig>(join(root, 'tsconfig.build.json'));
    const referenced = (config.references ?? []).map(({ path }) => join(root, path)).sort();
    const imported = (dependencies[name] ?? [])
      .map(({ target }) => target)
      .filter(isLibrary)
      .map((lib) => join(nodes[lib].data.root, 'tsconfig.build.json'))
      .sort();
    expect(referenced).toEqual(imported);
  });

  it('the workspace build (npm run build:services) includes every app and tool', () => {
    const solution = readJson<TsConfig>('tsconfig.build.json');
    const included = (solution.references ?? []).map(({ path }) => path);
    const leaves = compiled
      .filter((name) => !isLibrary(name))
      .map((name) => join(nodes[name].data.root, 'tsconfig.build.json'));
    expect(included).toEqual(expect.arrayContaining(leaves));
  });
});
