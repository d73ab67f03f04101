import 'server-only';
// Where the etlAdmin HTTPS function answers: ETL_ADMIN_URL, else the Functions emulator, else the
// deployed default URL of the project.
import { projectId } from '../firebase/admin';

export function etlAdminUrl(): string {
  if (process.env.ETL_ADMIN_URL) return process.env.ETL_ADMIN_URL.replace(/\/+$/, '');
  const emulator = process.env.FUNCTIONS_EMULATOR_HOST;
  if (emulator) return `http://${emulator}/${projectId()}/us-central1/etlAdmin`;
  return `https://us-central1-${projectId()}.cloudfunctions.net/etlAdmin`;
}
