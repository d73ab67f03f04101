// The signed-in header: where you are, who you are, and a sign-out form that needs no JavaScript.
import Link from 'next/link';
import type { Identity } from '@/lib/auth/identity';

export function TopNav({ identity }: { identity: Identity }) {
  return (
    <nav
      style={{
        display: 'flex',
        gap: 16,
        alignItems: 'center',
        padding: '12px 24px',
        borderBottom: '1px solid #d0d7de',
      }}
    >
      <strong>TrustRails</strong>
      <Link href="/dashboard">Dashboard</Link>
      {identity.admin ? <Link href="/etl">ETL monitor</Link> : null}
      <span style={{ marginLeft: 'auto', color: '#57606a', fontSize: 14 }} data-testid="identity">
        {identity.admin ? 'admin' : (identity.custodianId ?? 'no custodian')}
      </span>
      <form method="post" action="/logout">
        <button type="submit">Sign out</button>
      </form>
    </nav>
  );
}
