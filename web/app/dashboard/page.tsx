// /dashboard: the signed-in custodian's current-month cards; an admin picks with ?custodianId=,
// offered the custodians the warehouse knows (typing any id still works, e.g. before its first load).
import { currentMonth } from '@trustrails/contracts';
import { redirect } from 'next/navigation';
import { Dashboard } from '@/components/dashboard/dashboard';
import styles from '@/components/dashboard/dashboard.module.css';
import { TopNav } from '@/components/layout/top-nav';
import { currentIdentity } from '@/lib/auth/current-identity';
import { webConfig } from '@/lib/config';
import { warehouse } from '@/lib/warehouse/warehouse';

export const dynamic = 'force-dynamic';

/** The picker's suggestions; an unreachable warehouse leaves the picker as plain text, not a broken page. */
async function knownCustodians(): Promise<string[]> {
  try {
    return await warehouse().listCustodianIds();
  } catch (error) {
    console.warn(JSON.stringify({ event: 'custodianListFailed', message: String(error) }));
    return [];
  }
}

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const identity = await currentIdentity();
  if (!identity) redirect('/login?next=/dashboard');
  const requested = (await searchParams).custodianId;
  const asked = typeof requested === 'string' && requested.trim() ? requested.trim() : null;
  const custodianId = identity.admin ? asked : identity.custodianId;
  const refused = !identity.admin && asked !== null && asked !== identity.custodianId;
  const custodians = identity.admin ? await knownCustodians() : [];

  return (
    <>
      <TopNav identity={identity} />
      <main className={styles.page}>
        <h1>Rollover analytics</h1>
        {identity.admin ? (
          <form className={styles.picker} method="get" action="/dashboard">
            <label htmlFor="custodianId">Custodian</label>
            <input
              id="custodianId"
              name="custodianId"
              defaultValue={asked ?? ''}
              placeholder="custodian-alpha"
              list="custodian-options"
              autoComplete="off"
              required
            />
            <datalist id="custodian-options" data-testid="custodian-options">
              {custodians.map((id) => (
                <option key={id} value={id} />
              ))}
            </datalist>
            <button type="submit">Show</button>
          </form>
        ) : null}
        {refused ? (
          <p role="alert">You can only see your own custodian&apos;s figures.</p>
        ) : custodianId ? (
          <Dashboard
            key={custodianId}
            custodianId={custodianId}
            initialMonth={currentMonth()}
            fallbackMs={webConfig().dashboardFallbackMs}
          />
        ) : (
          <p>
            {identity.admin ? 'Choose a custodian to see its figures.' : 'Your account is not linked to a custodian.'}
          </p>
        )}
      </main>
    </>
  );
}
