import type { Config } from "../config/types.js";
import { didYouMean } from "../util/did-you-mean.js";
import { resolveModel } from "./models.js";
import { BUILTIN_PRICES, builtinPrice } from "./pricing.js";

/** The judge model when neither the scorer, the suite nor llmops.yaml names one. */
export const DEFAULT_JUDGE = "gpt-4o-mini";

/** The judge of a scorer: its own model, else the suite's judge, else llmops.yaml's, else the default. */
export function judgeModel(
  scorerModel: string | undefined,
  suiteJudge: string | undefined,
  config: Config,
): string {
  return scorerModel ?? suiteJudge ?? config.judge ?? DEFAULT_JUDGE;
}

/**
 * Why a model name cannot be what the user meant, or undefined when it may be. An alias or a
 * `provider/id` is taken as written; an id on OpenAI itself must be a model llmops knows; on any
 * other endpoint only a near miss of an alias is refused, since its models cannot be listed offline.
 */
export function unknownModel(
  config: Config,
  name: string,
): { message: string; hint: string } | undefined {
  if (config.models[name]) return undefined;
  const slash = name.indexOf("/");
  if (slash > 0 && config.providers[name.slice(0, slash)]) return undefined;
  const aliases = Object.keys(config.models);
  const r = resolveModel(config, name);
  if (r.providerConfig.baseURL) {
    const near = didYouMean(name, aliases);
    return near
      ? {
          message: `model "${name}" is not an alias in llmops.yaml`,
          hint: `did you mean "${near}"?`,
        }
      : undefined;
  }
  if (builtinPrice(r.id)) return undefined;
  const near = didYouMean(name, [...aliases, ...Object.keys(BUILTIN_PRICES)]);
  return {
    message: `model "${name}" is neither an alias in llmops.yaml nor an OpenAI model llmops knows`,
    hint: near
      ? `did you mean "${near}"?`
      : `if it is a newer model, declare it under models: in llmops.yaml (with its price)`,
  };
}
