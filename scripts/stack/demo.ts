// Demo identities of docs/contracts/identity.md, seeded into the Auth emulator by `npm start` and the tests.
export const DEMO_PASSWORD = 'trustrails-demo';

export const DEMO_CUSTODIANS = [
  { id: 'custodian-alpha', name: 'Custodian Alpha' },
  { id: 'custodian-beta', name: 'Custodian Beta' },
] as const;

export const DEMO_USERS = [
  { email: 'admin@trustrails.test', displayName: 'Demo Admin', claims: { admin: true } },
  { email: 'ops@custodian-alpha.test', displayName: 'Alpha Operations', claims: { custodianId: 'custodian-alpha' } },
  { email: 'ops@custodian-beta.test', displayName: 'Beta Operations', claims: { custodianId: 'custodian-beta' } },
] as const;
