// Runs once when a Next.js server starts (never during `next build`): loads and checks the
// settings, so a missing one stops the server at start with its name, not at the first request.
export async function register(): Promise<void> {
  // The edge runtime has no process.env of ours and never reads these settings.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { webConfigOrExit } = await import('./lib/config');
  webConfigOrExit();
}
