/** Provider key formats: a prefix that says what the key is, then its random body. */
export interface SecretRule {
  kind: string;
  /** Global regex; when it has a group, the group is the secret and the rest is context. */
  re: RegExp;
  /** Rejects look-alikes the regex cannot tell apart (placeholders, words). */
  accept?: (secret: string) => boolean;
}

const hasLetterAndDigit = (s: string) => /[A-Za-z]/.test(s) && /\d/.test(s);

/** Values that stand for a secret in docs and templates rather than being one. */
const PLACEHOLDER =
  /^(?:\*+|x+|\.+|<[^>]*>?|\{[^}]*\}?|\[[^\]]*\]?|%\w+%?|\$\w+|pass(?:word)?|secret|admin|root|test|user(?:name)?)$|your|example|changeme|redacted|placeholder|dummy|sample|xxxx|\$\{|\benv\b|process\.env|getenv|environ|[()]/i;

/** A credential value: not a placeholder, a path, a variable reference or a plain word. */
function isCredentialValue(v: string): boolean {
  if (PLACEHOLDER.test(v) || /^[/~]|:\/\//.test(v)) return false;
  if (/^[A-Za-z_][\w.]*$/.test(v) && !/\d/.test(v)) return false;
  return /\d|[^\w.]/.test(v);
}

// Bodies run over classes that exclude the next token, and starts are pinned by lookbehinds,
// so each rule scans the text once.
/** Provider and credential formats, most specific first. */
export const SECRET_RULES: readonly SecretRule[] = [
  { kind: "anthropic_key", re: /(?<![\w-])sk-ant-[A-Za-z0-9_-]{20,}/g, accept: hasLetterAndDigit },
  {
    kind: "openai_key",
    re: /(?<![\w-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    accept: (s) => hasLetterAndDigit(s.slice(3)) && !/^sk-[a-z]+(?:-[a-z]+)+$/.test(s),
  },
  {
    kind: "aws_access_key",
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    accept: (s) => !s.endsWith("EXAMPLE"),
  },
  {
    kind: "aws_secret_key",
    re: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    accept: (s) => !/EXAMPLEKEY$/.test(s),
  },
  { kind: "github_token", re: /(?<!\w)gh[pousr]_[A-Za-z0-9]{36,255}(?!\w)/g },
  { kind: "github_token", re: /(?<!\w)github_pat_[A-Za-z0-9_]{40,255}(?!\w)/g },
  {
    kind: "slack_token",
    re: /(?<![\w-])xox[baprse]-[A-Za-z0-9-]{10,250}/g,
    accept: hasLetterAndDigit,
  },
  {
    kind: "slack_webhook",
    re: /https:\/\/hooks\.slack\.com\/services\/(T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{16,32})/g,
  },
  {
    kind: "discord_webhook",
    re: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/([A-Za-z0-9_-]{40,100})/g,
  },
  { kind: "npm_token", re: /(?<!\w)npm_[A-Za-z0-9]{36}(?!\w)/g },
  { kind: "stripe_key", re: /(?<!\w)(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}(?!\w)/g },
  { kind: "google_api_key", re: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  { kind: "jwt", re: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  {
    kind: "connection_string",
    re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,64}:([^\s:/@]{3,128})@[^\s/]{1,255}/gi,
    accept: (s) => !PLACEHOLDER.test(s),
  },
  {
    kind: "bearer_token",
    re: /\b(?:Authorization["']?\s*:\s*["']?)?Bearer\s+([A-Za-z0-9._~+/-]{20,}=*)/g,
    accept: (s) => hasLetterAndDigit(s) && !PLACEHOLDER.test(s),
  },
  {
    kind: "basic_auth",
    re: /\bAuthorization["']?\s*:\s*["']?Basic\s+([A-Za-z0-9+/]{8,}={0,2})/gi,
    accept: (s) => !PLACEHOLDER.test(s),
  },
  {
    kind: "credential",
    re: /(?<![A-Za-z0-9])(?:password|passwd|secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|client[_-]?secret|secret[_-]?key)\b["']?\s*[:=]\s*["']?([^\s"'`,;]{8,128})/gi,
    accept: isCredentialValue,
  },
];

/** Armoured blocks that are public by design; their base64 bodies are not secrets. */
export const PUBLIC_BLOCK =
  /-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|CERTIFICATE REQUEST)-----/g;

/** PEM private keys: the armour line; the block runs to its END line. */
export const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
