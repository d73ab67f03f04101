// /etl/runs/[rolloverId]: one ETL run in detail, for admins only.
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { RunDetail } from '@/components/etl/run-detail/run-detail';
import { TopNav } from '@/components/layout/top-nav';
import { currentIdentity } from '@/lib/auth/current-identity';

export const dynamic = 'force-dynamic';

export default async function RunPage({ params }: { params: Promise<{ rolloverId: string }> }) {
  const { rolloverId } = await params;
  const identity = await currentIdentity();
  if (!identity) redirect(`/login?next=${encodeURIComponent(`/etl/runs/${encodeURIComponent(rolloverId)}`)}`);
  return (
    <>
      <TopNav identity={identity} />
      <main style={{ padding: 24, maxWidth: 1200, margin: '0 auto' }}>
        <p>
          <Link href="/etl">← ETL monitor</Link>
        </p>
        <h1>
          Run <code>{rolloverId}</code>
        </h1>
        {identity.admin ? <RunDetail rolloverId={rolloverId} /> : <p role="alert">Runs are for admins only.</p>}
      </main>
    </>
  );
}
