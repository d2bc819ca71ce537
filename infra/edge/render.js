#!/usr/bin/env node
// Fills the ${EDGE_*} placeholders of an nginx template from the environment (defaults: the contract's
// ports), the same placeholders the official nginx image fills with envsubst. Unknown EDGE_ names fail
// loudly rather than leaving a literal "${...}" for nginx to choke on.
// usage: node infra/edge/render.js <template> <output>
const fs = require('fs');
const path = require('path');

const DEFAULTS = {
  EDGE_PORT: '8080',
  EDGE_ROOT: path.resolve(__dirname, '../../dist/apps/web'),
  EDGE_RUN_DIR: path.resolve(__dirname, '../../.run/edge'),
  EDGE_CONTENT: '127.0.0.1:3001',
  EDGE_SHARE_TRACKING: '127.0.0.1:3002',
  EDGE_SCORING: '127.0.0.1:3003',
  EDGE_LEADERBOARD: '127.0.0.1:3004',
  EDGE_COACHING: '127.0.0.1:3005',
  EDGE_NOTIFICATION: '127.0.0.1:3006',
  EDGE_IDENTITY: '127.0.0.1:3009',
};

function render(template, env = process.env) {
  return template.replace(/\$\{(EDGE_[A-Z_]+)\}/g, (_, name) => {
    const value = env[name] || DEFAULTS[name];
    if (value === undefined) throw new Error(`${name} is not set and has no default`);
    return value;
  });
}

module.exports = { render, DEFAULTS };

if (require.main === module) {
  const [input, output] = process.argv.slice(2);
  fs.writeFileSync(output, render(fs.readFileSync(input, 'utf8')));
}
