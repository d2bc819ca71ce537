import {
  api,
  collectTopic,
  CollectedMessage,
  http,
  newTenant,
  startService,
  StartedService,
  startTestInfra,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { createApp } from '../src/app';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ADVOCACY = 'urn:ietf:params:scim:schemas:extension:advocacy:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * SCIM 2.0 driven the way a provisioning client (Entra ID, Okta) drives it: the tenant's bearer
 * token, Users and Groups with POST/PUT/PATCH/DELETE, `eq` filters, pages, ETags and SCIM error
 * bodies; and the effect on the advocate's profile, the events and the employee's sign-in.
 */
describe('content service: SCIM 2.0 provisioning', () => {
  let infra: TestInfra;
  let service: StartedService;
  let advocateEvents: { messages: CollectedMessage[]; stop: () => Promise<void> };

  beforeAll(async () => {
    infra = await startTestInfra();
    service = await startService(createApp, infra.env);
    advocateEvents = await collectTopic(infra.kafka, `${infra.prefix}advocate.v1`);
  });

  afterAll(async () => {
    await advocateEvents?.stop();
    await service?.close();
    await infra?.teardown();
  });

  const eventsOf = (tenant: string, type: string, employeeId: string) =>
    advocateEvents.messages
      .map((message) => message.json)
      .filter(
        (event) =>
          event?.tenantId === tenant && event.type === type && event.payload?.employeeId === employeeId,
      );

  const eventsArrived = (
    tenant: string,
    type: string,
    employeeId: string,
    done: (events: any[]) => boolean = (events) => events.length > 0,
  ) =>
    waitFor(
      () => {
        const events = eventsOf(tenant, type, employeeId);
        return done(events) ? events : undefined;
      },
      { message: `${type} of ${employeeId}` },
    );

  /** A tenant with its provisioning token, and a SCIM client speaking application/scim+json. */
  async function provisioned(tenant = newTenant('scim')) {
    const admin = api(service.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    const issued = await admin.post('/api/v1/scim/token');
    expect(issued.status).toBe(201);
    expect(issued.body.scimBaseUrl).toBe(`${service.url}/scim/v2`);
    return { tenant, admin, token: issued.body.token as string, scim: scimClient(issued.body.token) };
  }

  const scimClient = (token?: string) => {
    const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      http(method, `${service.url}/scim/v2${path}`, body, {
        token,
        headers: { 'content-type': 'application/scim+json', ...headers },
      });
    return {
      get: (path: string) => call('GET', path),
      post: (path: string, body: unknown) => call('POST', path, body),
      put: (path: string, body: unknown, ifMatch?: string) =>
        call('PUT', path, body, ifMatch ? { 'if-match': ifMatch } : {}),
      patch: (path: string, operations: unknown[], ifMatch?: string) =>
        call(
          'PATCH',
          path,
          { schemas: [PATCH], Operations: operations },
          ifMatch ? { 'if-match': ifMatch } : {},
        ),
      delete: (path: string, ifMatch?: string) =>
        call('DELETE', path, undefined, ifMatch ? { 'if-match': ifMatch } : {}),
    };
  };

  const user = (userName: string, extra: Record<string, unknown> = {}) => ({
    schemas: [USER],
    userName,
    ...extra,
  });

  const expectScimError = (
    response: { status: number; body: any; headers: Headers },
    status: number,
    scimType?: string,
  ) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/scim+json');
    expect(response.body).toMatchObject({ schemas: [ERROR], status: String(status) });
    expect(typeof response.body.detail).toBe('string');
    if (scimType) expect(response.body.scimType).toBe(scimType);
    else expect(response.body.scimType).toBeUndefined();
  };

  describe('the per-tenant provisioning token', () => {
    it('refuses no token, an unknown token and a rotated one, in SCIM error bodies', async () => {
      const { admin, token, scim } = await provisioned();
      expectScimError(await scimClient().get('/Users'), 401);
      expectScimError(await scimClient('scim_not-a-token').get('/Users'), 401);
      // A user's JWT is not a provisioning token either.
      expectScimError(
        await scimClient(infra.token({ tenant: newTenant(), sub: 'x', roles: ['admin'] })).get('/Users'),
        401,
      );
      expect((await scim.get('/Users')).status).toBe(200);

      const rotated = await admin.post('/api/v1/scim/token');
      expect(rotated.body.token).not.toBe(token);
      expectScimError(await scim.get('/Users'), 401);
      expect((await scimClient(rotated.body.token).get('/Users')).status).toBe(200);
    });

    it('only an admin can issue one', async () => {
      const tenant = newTenant('scim');
      const employee = api(service.url, infra.token({ tenant, sub: 'eve' }));
      expect((await employee.post('/api/v1/scim/token')).status).toBe(403);
    });

    it("keeps tenants apart: one tenant's token never sees or changes another's users", async () => {
      const a = await provisioned();
      const b = await provisioned();
      expect((await a.scim.post('/Users', user('shared-name', { externalId: 'ext-a' }))).status).toBe(201);
      expectScimError(await b.scim.get('/Users/shared-name'), 404);
      expect((await b.scim.get('/Users?filter=userName%20eq%20%22shared-name%22')).body.totalResults).toBe(0);
      expectScimError(
        await b.scim.patch('/Users/shared-name', [{ op: 'replace', path: 'active', value: false }]),
        404,
      );
      // The same userName is a different person in tenant b, and the same externalId is no conflict.
      expect((await b.scim.post('/Users', user('shared-name', { externalId: 'ext-a' }))).status).toBe(201);
      expect((await a.scim.get('/Users/shared-name')).body.active).toBe(true);
    });
  });

  describe('Users', () => {
    it('creates a user with Location and ETag, and its profile and event follow', async () => {
      const { tenant, scim } = await provisioned();
      const created = await scim.post(
        '/Users',
        user('alice', {
          externalId: '00u1alice',
          name: { givenName: 'Alice', familyName: 'Archer' },
          emails: [{ value: 'alice@example.com', primary: true }],
          preferredLanguage: 'de-DE',
          [ENTERPRISE]: { manager: { value: 'mona' }, department: 'Sales' },
          [ADVOCACY]: { followers: { linkedin: 800 } },
        }),
      );
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toContain('application/scim+json');
      expect(created.headers.get('location')).toBe(`${service.url}/scim/v2/Users/alice`);
      expect(created.headers.get('etag')).toBe(created.body.meta.version);
      expect(created.body).toMatchObject({
        id: 'alice',
        userName: 'alice',
        externalId: '00u1alice',
        displayName: 'Alice Archer',
        preferredLanguage: 'de-DE',
        active: true,
        [ENTERPRISE]: { manager: { value: 'mona' } },
        [ADVOCACY]: { followers: { linkedin: 800 } },
        meta: { resourceType: 'User', location: `${service.url}/scim/v2/Users/alice` },
      });

      const profile = await api(service.url, infra.token({ tenant, sub: 'alice' })).get('/api/v1/me/profile');
      expect(profile.body).toMatchObject({
        displayName: 'Alice Archer',
        managerId: 'mona',
        language: 'de-DE',
        followers: { linkedin: 800 },
        active: true,
        managed: true,
      });
      const [event] = await eventsArrived(tenant, 'advocate.profile-updated', 'alice');
      expect(event.payload).toMatchObject({ displayName: 'Alice Archer', followers: { linkedin: 800 } });

      expectScimError(await scim.post('/Users', user('alice')), 409, 'uniqueness');
      expectScimError(
        await scim.post('/Users', user('alice-2', { externalId: '00u1alice' })),
        409,
        'uniqueness',
      );
    });

    it('replaces with PUT under If-Match; a stale ETag is a 412 and changes nothing', async () => {
      const { scim } = await provisioned();
      const created = await scim.post('/Users', user('bob', { displayName: 'Bob', externalId: 'e-bob' }));
      const etag = created.headers.get('etag') as string;
      expect((await scim.get('/Users/bob')).headers.get('etag')).toBe(etag);

      const replaced = await scim.put(
        '/Users/bob',
        user('bob', { displayName: 'Robert', externalId: 'e-bob' }),
        etag,
      );
      expect(replaced.status).toBe(200);
      expect(replaced.body.displayName).toBe('Robert');
      const next = replaced.headers.get('etag') as string;
      expect(next).not.toBe(etag);

      expectScimError(await scim.put('/Users/bob', user('bob', { displayName: 'Bobby' }), etag), 412);
      expectScimError(
        await scim.patch('/Users/bob', [{ op: 'replace', path: 'displayName', value: 'B' }], etag),
        412,
      );
      expectScimError(await scim.delete('/Users/bob', etag), 412);
      expect((await scim.get('/Users/bob')).body.displayName).toBe('Robert');
      // `*` and the current tag pass.
      expect((await scim.put('/Users/bob', user('bob', { displayName: 'Bobby' }), '*')).status).toBe(200);
      // userName is the employee id: a PUT cannot rename.
      expectScimError(await scim.put('/Users/bob', user('robert')), 400, 'mutability');
    });

    it('PATCHes with Operations: paths, Entra-style value objects, removals', async () => {
      const { tenant, scim } = await provisioned();
      await scim.post('/Users', user('carol'));
      const patched = await scim.patch('/Users/carol', [
        { op: 'replace', path: 'displayName', value: 'Carol C.' },
        { op: 'add', path: `${ADVOCACY}:followers`, value: { linkedin: 1200, x: 40 } },
        { op: 'Replace', value: { preferredLanguage: 'fr', [`${ENTERPRISE}:manager`]: 'dora' } },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'carol@example.com' },
      ]);
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        displayName: 'Carol C.',
        preferredLanguage: 'fr',
        [ENTERPRISE]: { manager: { value: 'dora' } },
        [ADVOCACY]: { followers: { linkedin: 1200, x: 40 } },
      });
      const removed = await scim.patch('/Users/carol', [{ op: 'remove', path: `${ENTERPRISE}:manager` }]);
      expect(removed.body[ENTERPRISE]).toEqual({});

      const profile = await api(service.url, infra.token({ tenant, sub: 'carol' })).get('/api/v1/me/profile');
      expect(profile.body).toMatchObject({
        displayName: 'Carol C.',
        managerId: null,
        followers: { linkedin: 1200, x: 40 },
      });

      expectScimError(
        await scim.patch('/Users/carol', [{ op: 'replace', path: 'nickName2', value: 'c' }]),
        400,
        'invalidPath',
      );
      expectScimError(await scim.patch('/Users/carol', [{ op: 'remove' }]), 400, 'noTarget');
      expectScimError(
        await scim.patch('/Users/carol', [
          { op: 'replace', path: `${ADVOCACY}:followers`, value: { linkedin: -5 } },
        ]),
        400,
        'invalidValue',
      );
      expectScimError(
        await scim.patch('/Users/nobody', [{ op: 'replace', path: 'active', value: false }]),
        404,
      );
    });

    it('deactivates (PATCH active "False" as Entra sends it, or DELETE): sign-in refused, event sent, reactivation restores it', async () => {
      const { tenant, scim } = await provisioned();
      await scim.post('/Users', user('dave'));
      await scim.post('/Users', user('erin'));
      const dave = api(service.url, infra.token({ tenant, sub: 'dave' }));
      expect((await dave.get('/api/v1/me/profile')).status).toBe(200);

      const off = await scim.patch('/Users/dave', [{ op: 'Replace', path: 'active', value: 'False' }]);
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      const refused = await dave.get('/api/v1/me/profile');
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toContain('deactivated');
      const [deactivated] = await eventsArrived(tenant, 'advocate.deactivated', 'dave');
      expect(deactivated.payload).toMatchObject({ employeeId: 'dave', source: 'scim' });

      // Deactivating again sends no second advocate.deactivated.
      await scim.patch('/Users/dave', [{ op: 'replace', path: 'active', value: false }]);
      await scim.patch('/Users/dave', [{ op: 'replace', path: 'active', value: true }]);
      expect((await dave.get('/api/v1/me/profile')).status).toBe(200);
      // Same key, same partition: once the fourth profile update (create, off, off, on) is here, a
      // second advocate.deactivated would have been too.
      await eventsArrived(tenant, 'advocate.profile-updated', 'dave', (events) => events.length >= 4);
      expect(eventsOf(tenant, 'advocate.deactivated', 'dave')).toHaveLength(1);

      // DELETE deprovisions: the user stays (the ledger keeps their history), inactive.
      const erin = api(service.url, infra.token({ tenant, sub: 'erin' }));
      expect((await scim.delete('/Users/erin')).status).toBe(204);
      expect((await scim.get('/Users/erin')).body.active).toBe(false);
      expect((await erin.get('/api/v1/me/profile')).status).toBe(401);
      await eventsArrived(tenant, 'advocate.deactivated', 'erin');
    });

    it('filters by userName and externalId (eq, case-insensitive userName) and refuses other filters', async () => {
      const { scim } = await provisioned();
      await scim.post('/Users', user('frank', { externalId: 'okta-frank' }));
      await scim.post('/Users', user('grace', { externalId: 'okta-grace' }));

      const byName = await scim.get(`/Users?filter=${encodeURIComponent('userName eq "FRANK"')}`);
      expect(byName.status).toBe(200);
      expect(byName.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 1,
        Resources: [{ id: 'frank' }],
      });
      const byExternal = await scim.get(`/Users?filter=${encodeURIComponent('externalId eq "okta-grace"')}`);
      expect(byExternal.body.Resources.map((resource: { id: string }) => resource.id)).toEqual(['grace']);
      expect(
        (await scim.get(`/Users?filter=${encodeURIComponent('userName eq "nobody"')}`)).body,
      ).toMatchObject({
        totalResults: 0,
        Resources: [],
      });

      expectScimError(
        await scim.get(`/Users?filter=${encodeURIComponent('title eq "boss"')}`),
        400,
        'invalidFilter',
      );
      expectScimError(
        await scim.get(`/Users?filter=${encodeURIComponent('userName sw "f"')}`),
        400,
        'invalidFilter',
      );
      expectScimError(
        await scim.get(`/Users?filter=${encodeURIComponent('userName eq')}`),
        400,
        'invalidFilter',
      );
    });

    it('pages with startIndex and count: every user exactly once', async () => {
      const { scim } = await provisioned();
      const names = ['u-1', 'u-2', 'u-3', 'u-4', 'u-5'];
      for (const name of names) expect((await scim.post('/Users', user(name))).status).toBe(201);
      const seen: string[] = [];
      for (const startIndex of [1, 3, 5]) {
        const page = await scim.get(`/Users?startIndex=${startIndex}&count=2`);
        expect(page.body).toMatchObject({ totalResults: 5, startIndex });
        expect(page.body.itemsPerPage).toBe(page.body.Resources.length);
        seen.push(...page.body.Resources.map((resource: { id: string }) => resource.id));
      }
      expect(seen).toEqual(names);
      expect((await scim.get('/Users?startIndex=6&count=2')).body).toMatchObject({
        totalResults: 5,
        Resources: [],
      });
      // count=0 asks for the total only; startIndex below 1 means 1.
      expect((await scim.get('/Users?count=0')).body).toMatchObject({ totalResults: 5, itemsPerPage: 0 });
      expect((await scim.get('/Users?startIndex=0&count=1')).body).toMatchObject({
        startIndex: 1,
        Resources: [{ id: 'u-1' }],
      });
    });

    it('answers bad requests in SCIM error bodies', async () => {
      const { scim } = await provisioned();
      expectScimError(await scim.post('/Users', { schemas: [GROUP], userName: 'x' }), 400, 'invalidSyntax');
      expectScimError(await scim.post('/Users', { schemas: [USER] }), 400, 'invalidValue');
      expectScimError(await scim.post('/Users', user('bad id with spaces')), 400, 'invalidValue');
      expectScimError(await scim.get('/Users/nobody'), 404);
      const notPatch = await http(
        'PATCH',
        `${service.url}/scim/v2/Users/nobody`,
        { Operations: [] },
        {
          headers: { authorization: `Bearer ${(await provisioned()).token}` },
        },
      );
      expectScimError(notPatch, 400, 'invalidValue');
    });
  });

  describe('Groups (teams, and the coaches group)', () => {
    it('makes a group a team: members get its id as their team, PATCH moves them, ETags guard it', async () => {
      const { tenant, scim } = await provisioned();
      for (const name of ['hana', 'ivan', 'jo']) await scim.post('/Users', user(name));
      const created = await scim.post('/Groups', {
        schemas: [GROUP],
        displayName: 'Sales EMEA',
        externalId: 'grp-1',
        members: [{ value: 'hana' }, { value: 'ivan' }],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: 'sales-emea',
        displayName: 'Sales EMEA',
        meta: { resourceType: 'Group' },
      });
      expect(created.headers.get('location')).toBe(`${service.url}/scim/v2/Groups/sales-emea`);
      const teamOf = async (sub: string) =>
        (await api(service.url, infra.token({ tenant, sub })).get('/api/v1/me/profile')).body.teamId;
      expect(await teamOf('hana')).toBe('sales-emea');
      expect(await teamOf('ivan')).toBe('sales-emea');
      expect((await scim.get('/Users/hana')).body.groups).toEqual([
        expect.objectContaining({ value: 'sales-emea', display: 'Sales EMEA' }),
      ]);
      await eventsArrived(tenant, 'advocate.profile-updated', 'hana', (events) =>
        events.some((event) => event.payload.teamId === 'sales-emea'),
      );

      const etag = created.headers.get('etag') as string;
      const moved = await scim.patch(
        '/Groups/sales-emea',
        [
          { op: 'add', path: 'members', value: [{ value: 'jo' }] },
          { op: 'remove', path: 'members[value eq "hana"]' },
        ],
        etag,
      );
      expect(moved.status).toBe(200);
      expect(moved.body.members.map((member: { value: string }) => member.value).sort()).toEqual([
        'ivan',
        'jo',
      ]);
      expect(await teamOf('hana')).toBeNull();
      expect(await teamOf('jo')).toBe('sales-emea');
      expectScimError(
        await scim.patch(
          '/Groups/sales-emea',
          [{ op: 'add', path: 'members', value: [{ value: 'hana' }] }],
          etag,
        ),
        412,
      );

      // Joining another team leaves the first: one team per person, as the boards count it.
      await scim.post('/Groups', { schemas: [GROUP], displayName: 'Marketing', members: [{ value: 'jo' }] });
      expect(await teamOf('jo')).toBe('marketing');
      const sales = await scim.get('/Groups/sales-emea');
      expect(sales.body.members.map((member: { value: string }) => member.value)).toEqual(['ivan']);

      // PUT replaces the member list; DELETE leaves its members without a team.
      const replaced = await scim.put(`/Groups/sales-emea`, {
        schemas: [GROUP],
        displayName: 'Sales EMEA',
        members: [{ value: 'hana' }],
      });
      expect(replaced.status).toBe(200);
      expect(await teamOf('ivan')).toBeNull();
      expect(await teamOf('hana')).toBe('sales-emea');
      expect((await scim.delete('/Groups/sales-emea')).status).toBe(204);
      expect(await teamOf('hana')).toBeNull();
      expectScimError(await scim.get('/Groups/sales-emea'), 404);
    });

    it('filters and pages groups, and refuses duplicates and unknown members', async () => {
      const { scim } = await provisioned();
      await scim.post('/Users', user('kim'));
      for (const name of ['Alpha', 'Beta', 'Gamma']) {
        expect(
          (await scim.post('/Groups', { schemas: [GROUP], displayName: name, externalId: `x-${name}` }))
            .status,
        ).toBe(201);
      }
      expect(
        (await scim.get(`/Groups?filter=${encodeURIComponent('displayName eq "Beta"')}`)).body.Resources.map(
          (group: { id: string }) => group.id,
        ),
      ).toEqual(['beta']);
      expect(
        (await scim.get(`/Groups?filter=${encodeURIComponent('externalId eq "x-Gamma"')}`)).body.totalResults,
      ).toBe(1);
      const page = await scim.get('/Groups?startIndex=2&count=1');
      expect(page.body).toMatchObject({
        totalResults: 3,
        startIndex: 2,
        itemsPerPage: 1,
        Resources: [{ id: 'beta' }],
      });

      expectScimError(
        await scim.post('/Groups', { schemas: [GROUP], displayName: 'alpha' }),
        409,
        'uniqueness',
      );
      expectScimError(
        await scim.post('/Groups', { schemas: [GROUP], displayName: 'Delta', members: [{ value: 'ghost' }] }),
        400,
        'invalidValue',
      );
      expectScimError(
        await scim.get(`/Groups?filter=${encodeURIComponent('members eq "kim"')}`),
        400,
        'invalidFilter',
      );
    });

    it('keeps the coaches group apart from teams', async () => {
      const { tenant, scim } = await provisioned();
      await scim.post('/Users', user('lena'));
      await scim.post('/Groups', { schemas: [GROUP], displayName: 'Support', members: [{ value: 'lena' }] });
      const coaches = await scim.post('/Groups', {
        schemas: [GROUP],
        displayName: 'Coaches',
        members: [{ value: 'lena' }],
      });
      expect(coaches.status).toBe(201);
      expect(coaches.body.members).toEqual([expect.objectContaining({ value: 'lena' })]);
      // Being a coach is not a team: lena stays in Support.
      const profile = await api(service.url, infra.token({ tenant, sub: 'lena' })).get('/api/v1/me/profile');
      expect(profile.body.teamId).toBe('support');
    });
  });

  describe("what the employee's own profile write may not change", () => {
    it.each(['teamId', 'team', 'followers', 'managerId', 'active'])(
      'PUT /me/profile with %s is a 400 naming the field, and the directory value stays',
      async (field) => {
        const { tenant, scim } = await provisioned();
        await scim.post('/Users', user('max', { [ADVOCACY]: { followers: { linkedin: 300 } } }));
        await scim.post('/Groups', { schemas: [GROUP], displayName: 'Ops', members: [{ value: 'max' }] });
        const max = api(service.url, infra.token({ tenant, sub: 'max' }));
        const values: Record<string, unknown> = {
          teamId: 'sales',
          team: 'sales',
          followers: { linkedin: 1_000_000_000 },
          managerId: 'max',
          active: true,
        };
        const refused = await max.put('/api/v1/me/profile', { topics: ['ai'], [field]: values[field] });
        expect(refused.status).toBe(400);
        expect(refused.body.error.message).toContain(field);
        expect(JSON.stringify(refused.body.error.details)).toContain(field);
        const profile = await max.get('/api/v1/me/profile');
        expect(profile.body).toMatchObject({
          teamId: 'ops',
          followers: { linkedin: 300 },
          active: true,
          topics: [],
        });
        // What is the employee's own still saves.
        expect((await max.put('/api/v1/me/profile', { topics: ['ai'], role: 'sharer' })).body).toMatchObject({
          topics: ['ai'],
          teamId: 'ops',
        });
      },
    );
  });
});
