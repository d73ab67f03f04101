// /etl: the ETL monitor, for admins only.
import { redirect } from 'next/navigation';
import { EtlMonitor } from '@/components/etl/etl-monitor';
import { TopNav } from '@/components/layout/top-nav';
import { currentIdentity } from '@/lib/auth/current-identity';

export const dynamic = 'force-dynamic';

export default async function EtlPage() {
  const identity = await currentIdentity();
  if (!identity) redirect('/login?next=/etl');
  return (
    <>
      <TopNav identity={identity} />
      <main style={{ padding: 24, maxWidth: 1200, margin: '0 auto' }}>
        <h1>ETL monitor</h1>
        {identity.admin ? <EtlMonitor /> : <p role="alert">The ETL monitor is for admins only.</p>}
      </main>
    </>
  );
}
