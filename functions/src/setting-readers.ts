// How the functions' run-time settings (config.ts) are read from the environment: each parsed once,
// at load, and a bad value throws naming the variable, the value, what it is for and what is valid.
// With config.ts, retention-settings.ts, params.ts and warehouse-config.ts, the only modules of
// functions/src that read process.env.

export interface IntSetting {
  name: string;
  description: string;
  default: number;
  min: number;
  max: number;
}

export function intSetting(setting: IntSetting): number {
  const raw = process.env[setting.name];
  if (raw === undefined || raw === '') return setting.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
    throw new Error(
      `${setting.name}="${raw}" is not valid: ${setting.description} Use a whole number from ${setting.min} to ${setting.max}.`,
    );
  }
  return value;
}

export function booleanSetting(setting: { name: string; description: string; default: boolean }): boolean {
  const raw = process.env[setting.name];
  if (raw === undefined || raw === '') return setting.default;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`${setting.name}="${raw}" is not valid: ${setting.description} Use true or false.`);
}

export function originSetting(name: string, description: string, fallback: string | null): string | null {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  let origin: string | null = null;
  try {
    origin = new URL(raw).origin;
  } catch {
    // reported below
  }
  if (origin !== raw || !/^https?:/.test(raw)) {
    throw new Error(
      `${name}="${raw}" is not valid: ${description} Use an http(s) origin without a path or trailing slash, e.g. https://app.example.com.`,
    );
  }
  return origin;
}
