import { describe, expect, it } from "vitest";
import { makeContext, measureCorpus } from "./corpus/measure.js";
import { piiCorpus } from "./corpus/pii.js";
import { findPii, maskPii, pii } from "./pii.js";
import { isCardNumber, isIban, isIpv6, isPersonalIpv4, isSsn } from "./pii-checks.js";
import { isPhoneNumber } from "./pii-phone.js";

describe("pii corpus", () => {
  const measured = measureCorpus(
    piiCorpus,
    (s) =>
      typeof s === "string"
        ? findPii(s).length > 0
        : findPii(s.text).some((f) => f.kind === s.kind),
    (s) => (typeof s === "string" ? s : `${s.kind}: ${s.text}`),
  );

  it("has at least 50 positives and 50 negatives", () => {
    expect(piiCorpus.positives.length).toBeGreaterThanOrEqual(50);
    expect(piiCorpus.negatives.length).toBeGreaterThanOrEqual(50);
  });

  it("finds PII with precision >= 0.95 and recall >= 0.95", () => {
    console.log(
      `pii precision ${measured.precision.toFixed(3)} recall ${measured.recall.toFixed(3)}`,
    );
    expect(measured.falsePositives).toEqual([]);
    expect(measured.falseNegatives).toEqual([]);
    expect(measured.precision).toBeGreaterThanOrEqual(0.95);
    expect(measured.recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe("pii checks", () => {
  it.each([
    ["4242424242424242", true],
    ["4242424242424241", false], // Luhn fails
    ["378282246310005", true], // Amex, 15 digits
    ["490154203237518", false], // an IMEI: Luhn-valid, but Visa has no 15-digit numbers
    ["1234567812345670", false], // Luhn-valid, no issuer starts with 12
    ["0000000000000000", false],
  ])("isCardNumber(%s) is %s", (digits, ok) => expect(isCardNumber(digits)).toBe(ok));

  it.each([
    ["GB82WEST12345698765432", true],
    ["GB82WEST12345698765433", false],
    ["DE89370400440532013000", true],
    ["DE8937040044053201300", false], // wrong length for DE
    ["XX82WEST12345698765432", false], // unknown country
  ])("isIban(%s) is %s", (iban, ok) => expect(isIban(iban)).toBe(ok));

  it.each([
    ["536-22-1847", true],
    ["000-22-1847", false],
    ["666-22-1847", false],
    ["912-22-1847", false],
    ["536-00-1847", false],
    ["536-22-0000", false],
  ])("isSsn(%s) is %s", (ssn, ok) =>
    expect(isSsn(...(ssn.split("-") as [string, string, string]))).toBe(ok),
  );

  it.each([
    ["203.0.113.42", true],
    ["256.1.1.1", false],
    ["01.2.3.4", false],
    ["127.0.0.1", false],
    ["0.0.0.0", false],
    ["255.255.255.0", false],
  ])("isPersonalIpv4(%s) is %s", (ip, ok) => expect(isPersonalIpv4(ip)).toBe(ok));

  it.each([
    ["2001:db8::1", true],
    ["fe80::1", true],
    ["2001:0db8:85a3:0000:0000:8a2e:0370:7334", true],
    ["::1", false],
    ["a::b", false],
    ["10:30:45", false],
    ["1::2::3", false],
  ])("isIpv6(%s) is %s", (ip, ok) => expect(isIpv6(ip)).toBe(ok));

  it.each([
    ["+44 20 7946 0958", true],
    ["+14155550132", true],
    ["(415) 555-0132", true],
    ["020 7946 0958", true],
    ["4155550132", false], // a plain run of digits is an id
    ["123-456-7890", false], // no area code starts with 1
    ["0-306-40615-2", false], // an ISBN-10
    ["01.02.2024 12", false], // a date
  ])("isPhoneNumber(%s) is %s", (s, ok) => expect(isPhoneNumber(s)).toBe(ok));
});

describe("maskPii and findPii", () => {
  const text =
    "Mail j.doe@example.com or call +1 (415) 555-0132; card 4242 4242 4242 4242, IBAN GB82 WEST 1234 5698 7654 32, SSN 536-22-1847, from 203.0.113.42 and 2001:db8::7.";

  it("replaces each kind with its label", () => {
    expect(maskPii(text)).toBe(
      "Mail [EMAIL] or call [PHONE]; card [CARD], IBAN [IBAN], SSN [SSN], from [IP] and [IP].",
    );
  });

  it("masks only the kinds asked for", () => {
    expect(maskPii(text, ["email", "ssn"])).toContain("Mail [EMAIL] or call +1 (415) 555-0132");
    expect(findPii(text, ["credit_card"]).map((f) => f.kind)).toEqual(["credit_card"]);
  });

  it("gives offsets into the text and masked values safe to print", () => {
    const found = findPii(text);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.value);
    expect(found.map((f) => f.masked)).toEqual([
      "j***@e***.com",
      "+1 (***) ***-**32",
      "************4242",
      "GB82**************5432",
      "***-**-1847",
      "203.*.*.*",
      "2001:****",
    ]);
  });

  it("leaves text without PII unchanged", () => {
    const clean = "Order ORD-20418 shipped on 2024-01-15 (v2.10.3).";
    expect(maskPii(clean)).toBe(clean);
  });
});

describe("pii scorer", () => {
  it("scores 1 for clean text and 0 with a masked reason when PII is found", () => {
    expect(pii.score({ type: "pii" }, makeContext("Your order ships Thursday."))).toEqual({
      value: 1,
      reason: "no PII found",
    });
    const raw = pii.score(
      { type: "pii" },
      makeContext("Write to jane.doe@example.com, card 4242424242424242."),
    );
    expect(raw.value).toBe(0);
    expect(raw.reason).toBe("found PII: email j***@e***.com, credit card ************4242");
    expect(raw.reason).not.toContain("jane.doe");
  });

  it("checks only the configured kinds", () => {
    const ctx = makeContext("Call +44 20 7946 0958.");
    expect(pii.score({ type: "pii", kinds: ["email"] }, ctx).value).toBe(1);
    expect(pii.score({ type: "pii", kinds: ["phone"] }, ctx).value).toBe(0);
  });
});
