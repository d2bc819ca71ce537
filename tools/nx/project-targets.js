// Nx inferred-task plugin: gives every project (a folder with a project.json) the same targets, so a
// library added later gets them without copying a block of JSON. Caching, inputs, outputs and dependsOn
// live in nx.json's targetDefaults; a project.json may override any target (apps/web does for build).
//   build      tsc -b {projectRoot}/tsconfig.build.json, then tsc-alias rewrites @advocacy/* imports of
//              that output to relative paths (no run-time alias hook); where tsconfig.build.json exists
//   typecheck  tsc -p {projectRoot}/tsconfig.check.json (sources and tests); where that file exists
//   lint       eslint over the project folder
//   test       the project's unit tests (*.spec.ts)
//   integration  the project's *.int-spec.ts, against the Kafka, Postgres and Redis of `npm run setup`
const { existsSync, readdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

function hasFile(dir, pattern) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? hasFile(path, pattern) : pattern.test(entry.name)) return true;
  }
  return false;
}

function targetsOf(root, workspaceRoot) {
  const at = (file) => existsSync(join(workspaceRoot, root, file));
  const run = (command) => ({ executor: 'nx:run-commands', options: { command } });
  const targets = {
    lint: run(`eslint ${root} --max-warnings 0`),
    test: run(`jest ${root}/ --selectProjects unit --passWithNoTests`),
  };
  if (hasFile(join(workspaceRoot, root), /\.int-spec\.ts$/)) {
    targets.integration = run(`jest ${root}/ --selectProjects integration --passWithNoTests`);
  }
  if (at('tsconfig.build.json')) {
    targets.build = {
      executor: 'nx:run-commands',
      options: {
        commands: [`tsc -b ${root}/tsconfig.build.json`, `node tools/nx/rewrite-aliases.js ${root}`],
        parallel: false,
      },
    };
  }
  if (at('tsconfig.check.json')) targets.typecheck = run(`tsc -p ${root}/tsconfig.check.json`);
  return targets;
}

module.exports.createNodesV2 = [
  '{apps/*,libs/*,tools}/project.json',
  async (projectFiles, _options, context) =>
    projectFiles.map((file) => {
      const root = dirname(file);
      return [file, { projects: { [root]: { targets: targetsOf(root, context.workspaceRoot) } } }];
    }),
];
