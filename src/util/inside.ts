import { realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative } from "node:path";

/** True when `abs` lies inside `root` (or is it), comparing the paths as written. */
export function isInside(root: string, abs: string): boolean {
  const r = relative(root, abs);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
}

/**
 * True when `abs`, with every symlink on its way resolved, lies inside the real `root`: a link
 * in the repository to /etc/passwd or to a folder outside is outside. A path that does not exist
 * yet is judged by its nearest existing parent, so "file not found" stays the problem it reports.
 */
export async function isReallyInside(root: string, abs: string): Promise<boolean> {
  if (!isInside(root, abs)) return false;
  const [realRoot, real] = await Promise.all([realOrSelf(root), realOfExisting(abs)]);
  return isInside(realRoot, real);
}

async function realOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

async function realOfExisting(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const parent = dirname(path);
    if ((code !== "ENOENT" && code !== "ENOTDIR") || parent === path) return path;
    return join(await realOfExisting(parent), basename(path));
  }
}
