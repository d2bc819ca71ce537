/**
 * The persistence boundary (docs/ARCHITECTURE-changes.md): SQL and row shapes live only in
 * `*.repository.ts`, their `*.rows.ts` siblings and `migrations/`. Everything else speaks camelCase
 * domain types, so a service never sees `tenant_id`.
 *
 * Checked with the TypeScript parser rather than a regular expression so that SQL text inside a
 * repository's strings, and snake_case *values* such as error codes, are not mistaken for names.
 * `@typescript-eslint/naming-convention` was considered; it checks declarations only, and the leak it
 * must catch is a use (`row.tenant_id` in a service of a type declared in a repository).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');

/** Names that are snake_case because an outside format says so, not because a row leaked. */
const WIRE_NAMES: ReadonlyArray<{ reason: string; names: readonly string[] }> = [
  {
    reason: 'OAuth 2.0 / OpenID Connect parameters, client metadata and claims (RFC 6749, OIDC Core)',
    names: [
      'client_id',
      'redirect_uri',
      'redirect_uris',
      'post_logout_redirect_uri',
      'post_logout_redirect_uris',
      'response_type',
      'response_types',
      'grant_types',
      'token_endpoint_auth_method',
      'application_type',
      'access_token',
      'id_token',
      'id_token_hint',
      'preferred_username',
      'email_verified',
    ],
  },
  {
    reason: 'log correlation fields of the OpenTelemetry log data model, indexed by the log shipper',
    names: ['trace_id', 'span_id'],
  },
  {
    reason: 'guideline rule codes: values of `finding.rule` in the share API and events',
    names: ['blocked_term', 'max_length', 'blocked_domain', 'content_link'],
  },
];

/** Production files allowed to hold SQL outside a repository. */
const SQL_FILES: ReadonlyArray<{ file: string; reason: string }> = [
  { file: 'libs/messaging/src/outbox.ts', reason: "the messaging kit's own outbox and inbox tables" },
  {
    file: 'libs/messaging/src/tenant-settings.ts',
    reason: "the kit's tenant.v1 projection table, the same in every consuming schema",
  },
  { file: 'libs/platform/src/database.ts', reason: 'connection set-up and the pool health probe' },
  { file: 'libs/platform/src/database-roles.ts', reason: 'creates the per-service roles and schemas' },
  { file: 'libs/testing/src/infra.ts', reason: 'the test harness creates and cleans the test databases' },
  { file: 'apps/notification-service/src/sql.ts', reason: "helper for its repositories' UPDATE … RETURNING" },
];

/** Files left as they are for now, exempt from both checks until the named change lands. */
const PENDING_FILES: ReadonlyArray<{ file: string; reason: string }> = [];

const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const allowedNames = new Set(WIRE_NAMES.flatMap((entry) => entry.names));

function isPersistenceFile(file: string): boolean {
  if (PENDING_FILES.some((entry) => entry.file === file)) return true;
  // the mappers' own unit tests feed them rows
  return /[./](repository|rows)(\.spec)?\.ts$/.test(file) || file.split('/').includes('migrations');
}

/** snake_case names (identifiers, property keys, `x['key']`) in one source text, with their lines. */
function snakeCaseNames(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    let name: string | undefined;
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) name = node.text;
    else if (ts.isStringLiteral(node) && isNamePosition(node)) name = node.text;
    if (name !== undefined && SNAKE.test(name) && !allowedNames.has(name)) {
      found.push(`${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Lines of `.query(` calls: running SQL is a repository's job. */
function sqlCalls(fileName: string, text: string): number[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'query'
    ) {
      lines.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

function isNamePosition(literal: ts.StringLiteral): boolean {
  const parent = literal.parent;
  if (ts.isElementAccessExpression(parent)) return parent.argumentExpression === literal;
  if (ts.isLiteralTypeNode(parent) && ts.isIndexedAccessTypeNode(parent.parent)) return true;
  return (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isBindingElement(parent)) &&
    (parent.name === literal || (ts.isBindingElement(parent) && parent.propertyName === literal))
  );
}

function sourceFiles(): string[] {
  const files: string[] = [];
  for (const top of ['apps', 'libs']) {
    for (const project of readdirSync(join(ROOT, top))) {
      const src = join(ROOT, top, project, 'src');
      let entries: string[];
      try {
        entries = readdirSync(src, { recursive: true, encoding: 'utf8' });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (/\.tsx?$/.test(entry)) files.push(relative(ROOT, join(src, entry)).split('\\').join('/'));
      }
    }
  }
  return files.sort();
}

describe('the snake_case check', () => {
  it.each([
    ['a property read from a row', 'const id = row.tenant_id;', ['tenant_id:1']],
    ['a key of an object literal', 'const row = { employee_id: id };', ['employee_id:1']],
    ['a quoted key', "const row = { 'employee_id': id };", ['employee_id:1']],
    ['a type member', 'interface Row { created_at: Date }', ['created_at:1']],
    ['a destructured column', 'const { share_id } = row;', ['share_id:1']],
    ['an element access', "const x = row['link_code'];", ['link_code:1']],
    ['a snake_case variable', 'let last_seen = 1;', ['last_seen:1']],
    ['an error code value', "throw unprocessable('content_unknown', 'no');", []],
    ['SQL text', "q('SELECT tenant_id FROM t WHERE employee_id = $1')", []],
    ['an allowed wire name', "const body = { client_id: id, grant_types: ['code'] };", []],
    ['camelCase and CONSTANTS', 'const MAX_ROWS = 1; const tenantId = row.tenantId;', []],
  ])('%s', (_what, text, expected) => {
    expect(snakeCaseNames('example.ts', text)).toEqual(expected);
  });

  it('finds .query( calls', () => {
    expect(sqlCalls('example.ts', 'await manager.query(`SELECT 1`);\nconst q = a.queryBuilder();')).toEqual([
      1,
    ]);
  });
});

describe('the persistence boundary', () => {
  const files = sourceFiles();

  it('finds the source files', () => {
    expect(files).toContain('apps/share-tracking-service/src/shares/share.service.ts');
  });

  it('keeps snake_case names inside repositories, their row files and migrations', () => {
    const leaks = files
      .filter((file) => !isPersistenceFile(file))
      .flatMap((file) =>
        snakeCaseNames(file, readFileSync(join(ROOT, file), 'utf8')).map((hit) => `${file}:${hit}`),
      );
    expect(leaks).toEqual([]);
  });

  it('runs SQL only in repositories and migrations', () => {
    const exempt = new Set(SQL_FILES.map((entry) => entry.file));
    const leaks = files
      .filter((file) => !isPersistenceFile(file) && !exempt.has(file) && !/\.(int-)?spec\.ts$/.test(file))
      .flatMap((file) =>
        sqlCalls(file, readFileSync(join(ROOT, file), 'utf8')).map((line) => `${file}:${line}`),
      );
    expect(leaks).toEqual([]);
  });
});
