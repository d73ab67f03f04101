import 'server-only';
// Where the etlAdmin HTTPS function answers: ETL_ADMIN_URL, else the Functions emulator, else the
// deployed default URL of the project.
import { webConfig } from '@/lib/config';

export function etlAdminUrl(): string {
  const { etlAdminUrl: configured, functionsEmulatorHost: emulator, projectId } = webConfig();
  if (configured) return configured;
  if (emulator) return `http://${emulator}/${projectId}/us-central1/etlAdmin`;
  return `https://us-central1-${projectId}.cloudfunctions.net/etlAdmin`;
}
