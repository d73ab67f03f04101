import { join } from 'node:path';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The npm workspace root: the standalone build App Hosting runs traces the hoisted node_modules
  // from there (web/scripts/standalone-entry.mjs relies on the app being web/ under it).
  outputFileTracingRoot: join(__dirname, '..'),
  // Workspace packages ship TypeScript source.
  transpilePackages: ['@trustrails/contracts', '@trustrails/warehouse'],
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ['firebase-admin', 'pg', '@google-cloud/cloud-sql-connector'],
  // SSE responses must not be gzip-buffered by Next's own server.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
