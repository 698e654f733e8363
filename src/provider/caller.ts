import type { Price } from "../config/schema/config.js";
import type { Config } from "../config/types.js";
import { ReplayMissError, RunError } from "../errors.js";
import { extend } from "../util/object.js";
import { scrubSecrets } from "../util/scrub.js";
import type { BatchApi } from "./batch-types.js";
import type { ResponseCache } from "./cache.js";
import { callCost } from "./cached-price.js";
import type { FixtureEntry, FixtureStore } from "./fixtures.js";
import { type ResolvedModel, resolveModel } from "./models.js";
import { builtinPrice } from "./pricing.js";
import { requestKey } from "./request-key.js";
import {
  type StoredFailure,
  type StoredResponse,
  storedResult,
  toStored,
  toStoredFailure,
} from "./stored.js";
import type {
  CallError,
  CallResult,
  Provider,
  ProviderEvent,
  ProviderRequest,
  ResponseSource,
} from "./types.js";

/** auto: recordings, then the cache, then live; replay: recordings only; record: always live, saved. */
/**
 * auto: recordings, then the cache, then live; replay: recordings only; record: live, saved to
 * fixtures/; live: live, recordings and cache ignored, nothing written to fixtures/.
 */
export type CallMode = "auto" | "replay" | "record" | "live";

/** Where a call is made from, for recordings and messages. */
export interface CallSite {
  suite: string;
  case: string;
  trial: number;
  kind: FixtureEntry["kind"];
  scorer?: string;
}

export interface CallOutcome {
  result: CallResult;
  source: ResponseSource;
  key: string;
  /** USD; undefined when the price or usage is unknown. */
  cost: number | undefined;
  /** Answered by a batch (`--batch`): its timing says nothing about the endpoint's latency. */
  batched?: boolean;
}

/** One call as the audit log keeps it: who asked what, and what came back (or why not). */
export interface CallRecord {
  kind: CallSite["kind"];
  suite: string;
  case: string;
  trial: number;
  scorer?: string;
  model: string;
  provider: string;
  key: string;
  source: CallOutcome["source"];
  request: ProviderRequest;
  response: StoredResponse | null;
  error: { class: string; message: string } | null;
  cost: number | null;
}

export interface CallerOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  mode: CallMode;
  useCache: boolean;
  fixtures: FixtureStore;
  cache: ResponseCache | undefined;
  onEvent?: (e: ProviderEvent) => void;
  /** The command that records a missing response, for messages. */
  recordHint: string;
  /** Receives every call made or replayed (the run folder's audit log). */
  onCall?: (record: CallRecord) => void;
}

/** Calls models through recordings, the cache and live providers, keyed by the request. */
export class ModelCaller {
  private readonly live = new Map<string, Promise<Provider>>();
  /** Answers a batch brought back, by request key: used instead of a live call. */
  private readonly batched = new Map<string, CallResult>();
  /** A put failed: this caller writes no more to the cache. */
  private cacheFailed = false;
  constructor(private readonly o: CallerOptions) {}

  /** Answer these request keys with a batch's results instead of calling live. */
  prefill(answers: Map<string, CallResult>): void {
    for (const [k, r] of answers) this.batched.set(k, r);
  }

  /** The Batch API of a model's provider (the SDK loads only now). */
  async batchApi(model: string): Promise<BatchApi> {
    const apiKey = this.apiKey(model);
    if (apiKey === undefined) throw this.noKeyError(model, { suite: "(batch)", case: "(all)" });
    const { createBatchApi } = await import("./openai-batch.js");
    return createBatchApi({
      ...this.connection(model, apiKey),
      provider: this.resolve(model).provider,
    });
  }

  /** How a model's provider is reached: key, endpoint, attempts, timeout and headers. */
  private connection(model: string, apiKey: string) {
    const c = this.resolve(model).providerConfig;
    return {
      apiKey: apiKey || "no-key",
      baseURL: this.baseURL(model),
      maxRetries: c.maxRetries ?? 3,
      timeoutMs: c.timeoutMs ?? 60_000,
      headers: c.headers,
    };
  }

  /** Where every call is reported once the run folder exists. */
  setCallSink(sink: (record: CallRecord) => void): void {
    this.o.onCall = sink;
  }

  resolve(model: string): ResolvedModel {
    return resolveModel(this.o.config, model);
  }

  price(model: string): Price | undefined {
    const r = this.resolve(model);
    return this.o.config.models[model]?.price ?? builtinPrice(r.id);
  }

  /** The API key of a model's provider, or "" for a keyless local endpoint; undefined when missing. */
  apiKey(model: string): string | undefined {
    const { providerConfig: p } = this.resolve(model);
    const key = this.o.env[p.apiKeyEnv ?? "OPENAI_API_KEY"];
    if (key) return key;
    return p.baseURL && !p.apiKeyEnv ? "" : undefined;
  }

  keyOf(
    model: string,
    req: Omit<ProviderRequest, "model">,
    trial: number,
  ): { key: string; request: ProviderRequest } {
    const r = this.resolve(model);
    const request = extend(req, { model: r.id });
    return { key: requestKey(r.provider, request, trial), request };
  }

  /**
   * Start loading the SDK for the models that can be called live, so the first call does not wait
   * for it: a replay never loads it, and a live run loads it while git and the precheck run.
   */
  warmUp(models: Iterable<string>): void {
    if (this.o.mode === "replay") return;
    for (const model of new Set(models)) {
      const apiKey = this.apiKey(model);
      if (apiKey !== undefined) this.provider(model, apiKey).catch(() => undefined);
    }
  }

  /**
   * The answer a call would get without calling anything: a recording, the cache or a batch's.
   * Nothing is logged or recorded; undefined when only a live call would answer.
   */
  async peek(
    model: string,
    req: Omit<ProviderRequest, "model">,
    site: CallSite,
  ): Promise<CallResult | undefined> {
    const { key } = this.keyOf(model, req, site.trial);
    const hit = await this.stored(site, key);
    if (hit) return storedResult(hit.response);
    return this.batched.get(key);
  }

  /** A stored response for the key, as the mode allows (never live). */
  async stored(
    site: CallSite,
    key: string,
  ): Promise<
    | { response: StoredResponse | StoredFailure; source: Exclude<ResponseSource, "live"> }
    | undefined
  > {
    if (this.o.mode === "record" || this.o.mode === "live") return undefined;
    const f = await this.o.fixtures.get(site.suite, key);
    if (f) return { response: f.response, source: "fixture" };
    if (this.o.mode === "auto" && this.o.useCache && this.o.cache) {
      const c = await this.o.cache.get(key);
      if (c) return { response: c, source: "cache" };
    }
    return undefined;
  }

  /**
   * Answer a request from a recording, the cache or the live endpoint; report it to the audit log.
   * `knownKey` is the request's key when the caller already computed it (keyOf), so a run hashes
   * each request once.
   */
  async call(
    model: string,
    req: Omit<ProviderRequest, "model">,
    site: CallSite,
    signal?: AbortSignal,
    knownKey?: string,
  ): Promise<CallOutcome> {
    const resolved = this.resolve(model);
    const request = extend(req, { model: resolved.id });
    const key = knownKey ?? requestKey(resolved.provider, request, site.trial);
    const out = await this.answer(model, key, request, site, signal);
    const aborted = !out.result.ok && out.result.error.class === "aborted";
    if (this.o.onCall && !aborted) {
      this.o.onCall({
        kind: site.kind,
        suite: site.suite,
        case: site.case,
        trial: site.trial,
        ...(site.scorer ? { scorer: site.scorer } : {}),
        model,
        provider: resolved.provider,
        key: out.key,
        source: out.source,
        request,
        response: out.result.ok ? toStored(out.result.completion) : null,
        error: out.result.ok
          ? null
          : { class: out.result.error.class, message: out.result.error.message },
        cost: out.cost ?? null,
      });
    }
    return out;
  }

  private async answer(
    model: string,
    key: string,
    request: ProviderRequest,
    site: CallSite,
    signal?: AbortSignal,
  ): Promise<CallOutcome> {
    const price = this.price(model);
    const hit = await this.stored(site, key);
    if (hit) {
      const result = storedResult(hit.response);
      const cost = result.ok ? callCost(model, result.completion.usage, price) : undefined;
      return { result, source: hit.source, key, cost };
    }
    if (this.o.mode === "replay") {
      throw new ReplayMissError(
        `no recorded response for suite ${site.suite}, case ${site.case}, trial ${site.trial + 1}${site.kind === "model" ? "" : ` (${site.kind} ${site.scorer ?? ""})`.trimEnd()}, model ${model}`,
        `record it with: ${this.o.recordHint}`,
      );
    }
    const batched = this.batched.get(key);
    const apiKey = this.apiKey(model);
    if (apiKey === undefined) throw this.noKeyError(model, site);
    const result =
      batched ?? (await (await this.provider(model, apiKey)).complete(request, signal));
    // A batch's answers are billed at the batch discount.
    const factor = batched ? (this.o.config.batchDiscount ?? 0.5) : 1;
    if (!result.ok) {
      // Endpoints sometimes echo the key in their error text; it must never reach a file or a log.
      const error = { ...result.error, message: scrubSecrets(result.error.message, [apiKey]) };
      // A failure the request itself causes is recorded, so a replay reproduces it.
      const failure = toStoredFailure(error, result.latencyMs);
      if (failure) await this.recordFixture(model, key, site, failure);
      return { result: { ...result, error }, source: "live", key, cost: undefined };
    }
    const cache = this.o.useCache && !this.cacheFailed ? this.o.cache : undefined;
    // Only a cache or a recording keeps the answer (--no-cache runs that are not recording: none).
    if (cache || this.o.mode === "record") {
      const stored = toStored(result.completion);
      if (cache) await this.keep(cache, key, stored);
      await this.recordFixture(model, key, site, stored);
    }
    const cost = callCost(model, result.completion.usage, price);
    return {
      result,
      source: "live",
      key,
      cost: cost === undefined ? undefined : cost * factor,
      ...(batched ? { batched: true } : {}),
    };
  }

  /**
   * Put a paid answer in the local cache. The cache only saves later calls: when it cannot be
   * written (a full disk, a folder it cannot write, a file where its folder should be), the
   * answer is kept for the run all the same, the run is told once, and no more puts are tried.
   */
  private async keep(cache: ResponseCache, key: string, stored: StoredResponse): Promise<void> {
    try {
      await cache.put(key, stored);
    } catch (err) {
      if (this.cacheFailed) return;
      this.cacheFailed = true;
      this.o.onEvent?.({
        type: "cache_unwritable",
        message: `the local response cache cannot be written (${(err as Error).message}); this run goes on without it (--no-cache turns it off)`,
      });
    }
  }

  private async recordFixture(
    model: string,
    key: string,
    site: CallSite,
    response: StoredResponse | StoredFailure,
  ): Promise<void> {
    if (this.o.mode !== "record") return;
    await this.o.fixtures.record(site.suite, model, key, {
      case: site.case,
      trial: site.trial,
      kind: site.kind,
      ...(site.scorer ? { scorer: site.scorer } : {}),
      response,
    });
  }

  /** The endpoint a model's provider calls, as the user can check it. */
  endpoint(model: string): string {
    return this.baseURL(model) ?? "https://api.openai.com/v1";
  }

  /** The provider's baseURL, else OPENAI_BASE_URL; undefined: the SDK's default (OpenAI). */
  private baseURL(model: string): string | undefined {
    return this.resolve(model).providerConfig.baseURL ?? this.o.env.OPENAI_BASE_URL;
  }

  /**
   * A failure that breaks every call of a model, in words that name what to fix: the provider and
   * its key variable for a rejected key, the configured models for an unknown one, the URL for an
   * endpoint that cannot be reached. Undefined for failures that are not about the setup.
   */
  explainFailure(model: string, error: CallError): { message: string; hint: string } | undefined {
    const r = this.resolve(model);
    const url = this.endpoint(model);
    const env = r.providerConfig.apiKeyEnv ?? "OPENAI_API_KEY";
    const said = `${error.status ? `${error.status} ` : ""}${error.message}`;
    switch (error.class) {
      case "auth":
        return {
          message: `provider ${r.provider} (${url}) rejected the API key in ${env}: ${said}`,
          hint: `check ${env} (apiKeyEnv of provider ${r.provider} in llmops.yaml); the key must belong to ${url}`,
        };
      case "model_not_found": {
        const configured = Object.entries(this.o.config.models).map(
          ([alias, m]) => `${alias}${m.id && m.id !== alias ? ` (id ${m.id})` : ""}`,
        );
        return {
          message: `provider ${r.provider} (${url}) does not know model ${r.id}${r.name !== r.id ? ` (${r.name})` : ""}: ${said}`,
          hint: `models configured in llmops.yaml: ${configured.length ? configured.join(", ") : "none"}; fix the model's id there or the prompt's model:`,
        };
      }
      case "network":
      case "timeout":
        return {
          message: `cannot reach provider ${r.provider} at ${url}: ${error.class}: ${said}`,
          hint: `check that the server at ${url} is running and reachable (baseURL of provider ${r.provider} in llmops.yaml, or OPENAI_BASE_URL)`,
        };
      default:
        return undefined;
    }
  }

  noKeyError(model: string, site: { suite: string; case: string }): RunError {
    const r = this.resolve(model);
    const env = r.providerConfig.apiKeyEnv ?? "OPENAI_API_KEY";
    return new RunError(
      `no recorded response for suite ${site.suite}, case ${site.case} (model ${model}), and ${env} is not set for a live call`,
      `set ${env} to call ${r.provider} live, or record responses once with: ${this.o.recordHint}`,
      "no_credentials",
    );
  }

  private provider(model: string, apiKey: string): Promise<Provider> {
    const r = this.resolve(model);
    let p = this.live.get(r.provider);
    if (!p) {
      const c = r.providerConfig;
      // The SDK is imported only when a live call is needed: replays never load it.
      p = import("./openai.js").then(async ({ createOpenAIProvider, warmUp }) => {
        await warmUp(c.stream ?? true);
        return createOpenAIProvider({
          ...this.connection(model, apiKey),
          stream: c.stream ?? true,
          deadlineMs: c.deadlineMs,
          maxRetryAfterMs: c.maxRetryAfterMs,
          onEvent: this.o.onEvent,
        });
      });
      this.live.set(r.provider, p);
    }
    return p;
  }
}
