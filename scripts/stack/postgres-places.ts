// Where the embedded PostgreSQL server's binaries and data live, and as whom it runs.
// PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (created if
// missing). That user cannot enter a clone under /root (0700) or any other private folder, and we
// must not loosen the folder's permissions. So whatever it cannot reach moves to a root-owned but
// traversable folder of this clone, /var/tmp/trustrails-<hash of the clone's path>/: the binaries as
// hard links (copies across file systems), the data folder as a sibling named like the original.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ServerAccount } from './postgres-server';

const SERVER_USER = 'postgres';

function accountIds(): ServerAccount | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8', stdio: 'pipe' }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/** As root, the account the server runs as (created on first use); otherwise none: we run it ourselves. */
export function serverAccount(): ServerAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = accountIds();
  if (existing) return existing;
  spawnSync('groupadd', ['--system', SERVER_USER], { stdio: 'pipe' });
  execFileSync('useradd', ['--system', '--gid', SERVER_USER, '--no-create-home', SERVER_USER], { stdio: 'pipe' });
  const created = accountIds();
  if (!created) throw new Error(`could not create the "${SERVER_USER}" user that PostgreSQL runs as under root`);
  return created;
}

/** Whether `account` can reach (search) `dir`: asked of the kernel as that account, so ACLs and groups count. */
export function canReach(account: ServerAccount, dir: string): boolean {
  return spawnSync('test', ['-x', dir], { uid: account.uid, gid: account.gid, cwd: '/' }).status === 0;
}

/** /var/tmp/trustrails-<hash>/, root-owned, 0755; refuses a folder someone else planted there. */
export function relocationRoot(cloneRoot: string): string {
  const base = existsSync('/var/tmp') ? '/var/tmp' : '/tmp';
  const dir = join(base, `trustrails-${createHash('sha256').update(cloneRoot).digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0)
    throw new Error(`${dir} exists but is not a folder that only this user can write; remove it and retry`);
  chmodSync(dir, 0o755);
  return dir;
}

/** Mirrors a tree with hard links (copies where linking fails), keeping symlinks and modes. */
function mirror(from: string, to: string): void {
  mkdirSync(to, { recursive: true, mode: 0o755 });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) mirror(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
        chmodSync(target, statSync(source).mode & 0o7777);
      }
    }
  }
}

/** The binaries where `account` can run them: the installed ones, or a mirror under `relocated`. */
export function reachableBinaries(
  nativeDir: string,
  account: ServerAccount | undefined,
  relocated: () => string,
): string {
  if (!account || canReach(account, join(nativeDir, 'bin'))) return nativeDir;
  const source = statSync(join(nativeDir, 'bin', 'postgres'));
  // One mirror per source and version of the binaries, so an upgrade gets a fresh one.
  const stamp = createHash('sha256').update(`${nativeDir}:${source.ino}:${source.size}:${source.mtimeMs}`);
  const target = join(relocated(), `postgres-native-${stamp.digest('hex').slice(0, 12)}`);
  if (existsSync(target)) return target;
  // Built aside and renamed into place, so a second stack starting at the same moment never sees half a mirror.
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mirror(nativeDir, partial);
  try {
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  return target;
}

/** The data folder where `account` can use it: `dataDir` itself, or its namesake under `relocated`. */
export function reachableDataDir(dataDir: string, account: ServerAccount | undefined, relocated: () => string): string {
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  return !account || canReach(account, parent) ? dataDir : join(relocated(), basename(dataDir));
}
