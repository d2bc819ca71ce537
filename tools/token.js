#!/usr/bin/env node
// Prints a development JWT: npm run token -- --tenant acme --sub alice --roles admin [--team sales]
const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');

function devDefault(name) {
  const file = path.join(__dirname, '..', 'scripts', 'dev.env');
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}=`));
  return line ? line.slice(name.length + 1).trim() : undefined;
}

const args = process.argv.slice(2);
const options = {};
for (let i = 0; i < args.length; i += 2) {
  if (!args[i].startsWith('--') || args[i + 1] === undefined) {
    console.error(
      `usage: npm run token -- --tenant <id> --sub <employee> [--roles employee,admin] [--team <id>] [--hours 12]`,
    );
    process.exit(2);
  }
  options[args[i].slice(2)] = args[i + 1];
}
if (!options.tenant || !options.sub) {
  console.error('--tenant and --sub are required');
  process.exit(2);
}
const hours = Number(options.hours || 12);
if (!(hours > 0 && hours <= 24)) {
  console.error('--hours must be between 0 and 24: the services refuse tokens that live longer than a day');
  process.exit(2);
}
const secret = process.env.AUTH_JWT_SECRET || devDefault('AUTH_JWT_SECRET');
const claims = { sub: options.sub, tenant: options.tenant, roles: (options.roles || 'employee').split(',') };
if (options.team) claims.team = options.team;
if (options.name) claims.name = options.name;
// iss and aud as the services expect them in development (libs/platform/src/auth/auth-config.ts).
const issuer = process.env.AUTH_DEV_ISSUER || devDefault('AUTH_DEV_ISSUER') || 'advocacy-dev';
const audience = process.env.AUTH_AUDIENCE || devDefault('AUTH_AUDIENCE') || 'advocacy-api';
process.stdout.write(
  jwt.sign(claims, secret, {
    algorithm: 'HS256',
    expiresIn: `${hours}h`,
    issuer,
    audience,
  }) + '\n',
);
