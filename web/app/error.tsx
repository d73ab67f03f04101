'use client';
// What a page shows when it fails to render: a plain apology, the digest that finds the server's
// log line, and a retry. Never the message or the stack: they can carry internals (queries, ids,
// hosts) that are for the logs, not the browser (in production Next.js sends only the digest).
import Link from 'next/link';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main style={{ padding: 24 }} data-testid="error-page">
      <h1>Something went wrong</h1>
      <p role="alert">This page could not be shown. Try again, or come back in a moment.</p>
      {error.digest ? (
        <p>
          Reference for support: <code data-testid="error-digest">{error.digest}</code>
        </p>
      ) : null}
      <p>
        <button type="button" onClick={() => reset()}>
          Try again
        </button>{' '}
        <Link href="/dashboard">Go to the dashboard</Link>
      </p>
    </main>
  );
}
