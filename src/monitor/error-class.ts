import { classifyError } from "../provider/classify-error.js";
import { asLabel, asNumber } from "./fields.js";

/**
 * The error class of a logged error, in the words `eval` uses (rate_limit, server, ...). Logs
 * carry an HTTP status, an OpenAI error code or type, an OTel `error.type`, or only a message.
 */
export function errorClassOf(raw: unknown): { class: string; message: string } | undefined {
  if (raw === undefined || raw === null || raw === false) return undefined;
  if (typeof raw === "string") return { class: fromWords(raw) ?? "other", message: raw };
  const o = raw as Record<string, unknown>;
  const inner = (o.error ?? {}) as Record<string, unknown>;
  const status = asNumber(o.status ?? o.status_code ?? inner.status);
  const code = asLabel(o.code ?? inner.code ?? o.type ?? inner.type);
  const message = asLabel(o.message ?? inner.message) ?? code ?? "error";
  const named = fromWords(code ?? "");
  if (named) return { class: named, message };
  const c = classifyError({ status, code, message }).class;
  if (c !== "network" || /network|connect|reset|socket/i.test(message))
    return { class: c, message };
  return { class: code ? code.toLowerCase() : "other", message };
}

/** Classes named by a code, type or OTel error.type (e.g. "RateLimitError", "rate_limit_exceeded"). */
function fromWords(text: string): string | undefined {
  const t = text.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (/ratelimit|429|toomanyrequests|quota/.test(t)) return "rate_limit";
  if (/contextlength|maximumcontext|toomanytokens/.test(t)) return "context_length_exceeded";
  if (/contentfilter|contentpolicy|safety/.test(t)) return "content_filter";
  if (/timeout|timedout|deadline/.test(t)) return "timeout";
  if (/internalserver|server|5\d\d|overloaded|unavailable/.test(t)) return "server";
  if (/auth|permissiondenied|401|403|apikey/.test(t)) return "auth";
  if (/badrequest|invalidrequest|400/.test(t)) return "bad_request";
  return undefined;
}
