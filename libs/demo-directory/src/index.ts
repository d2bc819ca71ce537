/**
 * The people of the demo tenant, in one place: `tools/demo.ts` provisions them over SCIM and plays
 * their activity, `apps/identity-dev` signs them in. Development data only.
 */

export const DEMO_TENANT = 'demo';
/** The password of every demo person on the development sign-in page. */
export const DEMO_PASSWORD = 'demo';

export const DEMO_TEAMS = ['sales', 'engineering', 'marketing', 'people', 'finance'] as const;
const FIRST = ['Anna', 'Bram', 'Chen', 'Daan', 'Eva', 'Fatima', 'Gijs', 'Hana', 'Ivo', 'Jasmijn'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser'];
const CHOSEN_ROLES = ['supporter', 'sharer', 'sharer', 'storyteller', 'expert'];

export interface DemoPerson {
  id: string;
  name: string;
  email: string;
  /** what the token says: admin, coach, employee… */
  roles: string[];
  team: string | null;
  /** their own choice on the impact/effort matrix */
  advocateRole: string | null;
}

const email = (id: string) => `${id}@demo.example`;

export const DEMO_ADMIN: DemoPerson = {
  id: 'demo-admin',
  name: 'Demo Admin',
  email: email('demo-admin'),
  roles: ['admin', 'editor', 'reviewer'],
  team: null,
  advocateRole: null,
};

export const DEMO_EMPLOYEES: DemoPerson[] = Array.from({ length: 40 }, (_, index) => {
  const id = `emp-${String(index + 1).padStart(2, '0')}`;
  return {
    id,
    name: `${FIRST[index % FIRST.length]} ${LAST[(index + Math.floor(index / FIRST.length)) % LAST.length]}`,
    email: email(id),
    roles: ['employee'],
    team: DEMO_TEAMS[index % DEMO_TEAMS.length],
    advocateRole: CHOSEN_ROLES[index % CHOSEN_ROLES.length],
  };
});

export const DEMO_COACHES: DemoPerson[] = [
  { id: 'coach-01', name: 'Karin Mulder', team: 'people' },
  { id: 'coach-02', name: 'Lars Smit', team: 'marketing' },
].map((coach) => ({ ...coach, email: email(coach.id), roles: ['coach'], advocateRole: 'expert' }));

export const DEMO_PEOPLE: DemoPerson[] = [DEMO_ADMIN, ...DEMO_COACHES, ...DEMO_EMPLOYEES];
