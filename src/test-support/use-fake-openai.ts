import { afterAll, afterEach, beforeAll } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai.js";

/** What the end-to-end tests of one file share: the fake server, and the project to clean up. */
export interface FakeOpenAIContext {
  /** Started before the file's first test, closed after its last. */
  readonly server: FakeOpenAI;
  /** Set by a test to its temporary project's cleanup; run after each test. */
  cleanup: (() => void) | undefined;
}

/** Start one fake OpenAI-compatible server for a test file; clean each test's project after it. */
export function useFakeOpenAI(): FakeOpenAIContext {
  let server: FakeOpenAI | undefined;
  const ctx: FakeOpenAIContext = {
    get server(): FakeOpenAI {
      if (!server) throw new Error("the fake server starts in beforeAll: use it inside a test");
      return server;
    },
    cleanup: undefined,
  };
  beforeAll(async () => {
    server = await startFakeOpenAI();
  });
  afterAll(() => server?.close());
  afterEach(() => {
    ctx.cleanup?.();
    ctx.cleanup = undefined;
  });
  return ctx;
}
