import { describe, expect, it } from "vitest";
import { makeContext, measureCorpus } from "./corpus/measure.js";
import { secretsCorpus, unmark } from "./corpus/secrets.js";
import { measureEntropy } from "./entropy.js";
import { findSecrets, maskSecret, maskSecrets, secrets } from "./secrets.js";

describe("secrets corpus", () => {
  const measured = measureCorpus(secretsCorpus, (s) => findSecrets(s).length > 0);

  it("has at least 50 positives and 50 negatives", () => {
    expect(secretsCorpus.positives.length).toBeGreaterThanOrEqual(50);
    expect(secretsCorpus.negatives.length).toBeGreaterThanOrEqual(50);
  });

  it("finds secrets with precision >= 0.95 and recall >= 0.95", () => {
    console.log(
      `secrets precision ${measured.precision.toFixed(3)} recall ${measured.recall.toFixed(3)}`,
    );
    expect(measured.falsePositives).toEqual([]);
    expect(measured.falseNegatives).toEqual([]);
    expect(measured.precision).toBeGreaterThanOrEqual(0.95);
    expect(measured.recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe("findSecrets", () => {
  it.each([
    ["sk~~-proj-pNxnyVmihA-2O76UMFxFkM-R5Kjp1vRt_1fjORS-6ilI8ihN5KXSc7Tvo-hBKqFY", "openai_key"],
    [
      "sk~~-ant-api03-gnatmUdjAWtGSU8po_799NksnRH9ucAUsdMlHUvTCQCyEZDz-TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zku-kibjL5AA",
      "anthropic_key",
    ],
    ["AK~~IA3J4WJ99IBAG7I1MN", "aws_access_key"],
    ["gh~~p_eQpBenQtYh5Xj8TPQxjq4i9DoV8gz4FkQ1ok", "github_token"],
    ["xo~~xb-265020146201-6849340722470-qx9vJupc94tnwlavyfErGPmp", "slack_token"],
    ["sk~~_live_NOPmeMjvqPVStNKiaEdFrRgS", "stripe_key"],
    ["AI~~zaJoUD-_Ydua_5ZMs1SWOpQaPRYpzbLGViYXj", "google_api_key"],
    [
      "-----BEGIN EC PRIVATE~~ KEY-----\nMHcCAQEEIBZniqT3Ul4ffqkOkgWrdioyq\n-----END EC PRIVATE~~ KEY-----",
      "private_key",
    ],
    ["Use PkenG5ZFJoC6vWCBiJmpflvJfupxqZKm4bV3AyAV here", "high_entropy_token"],
  ])("names the kind of %s", (text, kind) => {
    expect(findSecrets(unmark(text)).map((f) => f.kind)).toEqual([kind]);
  });

  it("skips unlabelled tokens when generic is off", () => {
    expect(
      findSecrets("Use PkenG5ZFJoC6vWCBiJmpflvJfupxqZKm4bV3AyAV here", { generic: false }),
    ).toEqual([]);
  });

  it("masks a key to a short prefix", () => {
    expect(maskSecret(unmark("sk~~-proj-pNxnyVmihA-2O76UMFxFkM"))).toBe("sk-pr…(redacted)");
    // A short password shows fewer characters.
    expect(maskSecret("hunter2hunter2")).toBe("hun…(redacted)");
  });
});

describe("maskSecrets", () => {
  it("replaces only the secret part of a credential", () => {
    expect(maskSecrets("DATABASE_URL=postgres://app_user:Tr0ub4dor-3x@db.internal:5432/shop")).toBe(
      "DATABASE_URL=postgres://app_user:[SECRET]@db.internal:5432/shop",
    );
    expect(maskSecrets('{"password": "Summer2024!"}')).toBe('{"password": "[SECRET]"}');
  });

  it("replaces a whole private key block", () => {
    const pem =
      "-----BEGIN RSA PRIVATE~~ KEY-----\nMIIEowIBAAKCAQEAw5HanSBeVRsfAGeAbP0V\n-----END RSA PRIVATE~~ KEY-----";
    expect(maskSecrets(unmark(`key:\n${pem}\ndone`))).toBe("key:\n[SECRET]\ndone");
  });

  it("replaces a truncated private key to the end of the text", () => {
    expect(
      maskSecrets(unmark("here: -----BEGIN PRIVATE~~ KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAAS")),
    ).toBe("here: [SECRET]");
  });

  it("leaves text without secrets unchanged", () => {
    const clean =
      "Commit 3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a, request 550e8400-e29b-41d4-a716-446655440000.";
    expect(maskSecrets(clean)).toBe(clean);
  });
});

describe("secrets scorer", () => {
  it("scores 0 with a reason that never repeats the secret", () => {
    const key = unmark("sk~~_live_NOPmeMjvqPVStNKiaEdFrRgS");
    const raw = secrets.score({ type: "secrets" }, makeContext(`Your key is ${key}.`));
    expect(raw).toEqual({ value: 0, reason: "found secrets: stripe key sk_li…(redacted)" });
    expect(raw.reason).not.toContain(key);
  });

  it("scores 1 for clean text and honours generic: false", () => {
    expect(secrets.score({ type: "secrets" }, makeContext("All good.")).value).toBe(1);
    const token = makeContext("token PkenG5ZFJoC6vWCBiJmpflvJfupxqZKm4bV3AyAV");
    expect(secrets.score({ type: "secrets" }, token).value).toBe(0);
    expect(secrets.score({ type: "secrets", generic: false }, token).value).toBe(1);
  });
});

describe("measureEntropy", () => {
  it("is 0 for one repeated character and log2(n) for n distinct ones", () => {
    expect(measureEntropy("aaaa")).toBe(0);
    expect(measureEntropy("abcd")).toBe(2);
  });
});
