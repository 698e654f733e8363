import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../util/fs.js";
import { type StoredResponse, storedResponseSchema } from "./stored.js";

/** The local response cache under .llmops/cache: one small file per request key. */
export class ResponseCache {
  constructor(
    private readonly dir: string,
    /** Applied to every entry before it is written (API keys, --redact). */
    private readonly redact: <T>(value: T) => T = (value) => value,
  ) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /**
   * The cached response, or undefined. An entry that is torn, from another version or otherwise
   * not a response is a miss: the call is made again and the entry rewritten.
   */
  async get(key: string): Promise<StoredResponse | undefined> {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(this.path(key), "utf8"));
    } catch {
      return undefined;
    }
    const parsed = storedResponseSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  async put(key: string, value: StoredResponse): Promise<void> {
    await writeFileAtomic(this.path(key), JSON.stringify(this.redact(value)));
  }
}
