// Maps the @advocacy/<lib> path aliases of tsconfig.base.json onto the compiled output in dist/,
// so `node -r ./tools/register-aliases.js dist/apps/<app>/main.js` runs without a bundler.
const Module = require('module');
const path = require('path');

const distRoot = path.resolve(__dirname, '..', 'dist');
const originalResolve = Module._resolveFilename;

Module._resolveFilename = function resolveAlias(request, parent, isMain, options) {
  const match = /^@advocacy\/([a-z-]+)(\/.*)?$/.exec(request);
  if (match) {
    const target = path.join(distRoot, 'libs', match[1], 'src', match[2] ? match[2].slice(1) : 'index');
    return originalResolve.call(this, target, parent, isMain, options);
  }
  return originalResolve.call(this, request, parent, isMain, options);
};
