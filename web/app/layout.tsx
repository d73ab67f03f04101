import type { ReactNode } from 'react';

export const metadata = { title: 'TrustRails rollover analytics' };

// Every page renders per request, so that its scripts carry that request's CSP nonce (web/proxy.ts);
// a page prerendered at build time would have none and the browser would block its scripts.
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: 0 }}>{children}</body>
    </html>
  );
}
