import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../util/fs.js";
import type { StoredResponse } from "./stored.js";

/** The local response cache under .llmops/cache: one small file per request key. */
export class ResponseCache {
  constructor(private readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<StoredResponse | undefined> {
    try {
      return JSON.parse(await readFile(this.path(key), "utf8")) as StoredResponse;
    } catch {
      return undefined;
    }
  }

  async put(key: string, value: StoredResponse): Promise<void> {
    await writeFileAtomic(this.path(key), JSON.stringify(value));
  }
}
