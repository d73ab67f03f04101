// Any path with no page (and any page that calls notFound()): a 404 with a way back, which says
// only that nothing is here.
import Link from 'next/link';

export default function NotFound() {
  return (
    <main style={{ padding: 24 }} data-testid="not-found">
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
      <p>
        <Link href="/dashboard">Go to the dashboard</Link>
      </p>
    </main>
  );
}
