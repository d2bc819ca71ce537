// Rewrites the @advocacy/* imports in one project's compiled output (dist/<project root>) to relative
// paths, with tsc-alias and the paths of tsconfig.base.json, so `node dist/apps/<app>/src/main.js`
// runs without a module-loader hook. tsc-alias's CLI scans all of its outDir (dist/), which would let
// two builds that Nx runs in parallel rewrite each other's files mid-write; its single-file API is
// given only the files of the project being built.
//   node tools/nx/rewrite-aliases.js <project root>...   (`.` for all of dist/)
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { prepareSingleFileReplaceTscAliasPaths } = require('tsc-alias');

const WORKSPACE = resolve(__dirname, '../..');
// Only the JavaScript: the declarations are read by tsc, which resolves the aliases itself.
const COMPILED = /\.js$/;

async function main(roots) {
  if (roots.length === 0) throw new Error('usage: rewrite-aliases.js <project root>...');
  const rewrite = await prepareSingleFileReplaceTscAliasPaths({
    configFile: join(WORKSPACE, 'tsconfig.build.json'),
  });
  for (const root of roots) {
    const dir = join(WORKSPACE, 'dist', root);
    const files = readdirSync(dir, { recursive: true }).filter((file) => COMPILED.test(file));
    if (files.length === 0) throw new Error(`no compiled files in ${dir}`);
    for (const file of files) {
      const filePath = join(dir, file);
      const fileContents = readFileSync(filePath, 'utf8');
      const rewritten = rewrite({ fileContents, filePath });
      if (rewritten !== fileContents) writeFileSync(filePath, rewritten);
    }
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
