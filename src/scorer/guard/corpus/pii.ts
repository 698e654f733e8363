import type { PiiKind } from "../../../config/schema/scorer-guard.js";
import type { Corpus } from "./measure.js";

/** A text holding personal data of a known kind. */
export interface PiiSample {
  kind: PiiKind;
  text: string;
}

const positives: PiiSample[] = [
  // Emails
  { kind: "email", text: "You can reach our billing team at billing@acme-corp.com for refunds." },
  { kind: "email", text: "Customer jane.doe+orders@example.co.uk reported the issue yesterday." },
  { kind: "email", text: "From: Marcus Chen <m.chen@northwind.io>\nSubject: Invoice question" },
  {
    kind: "email",
    text: "I've forwarded your request to sarah_o'neil@contoso.org? No: sarah.oneil@contoso.org.",
  },
  { kind: "email", text: "2024-05-02 11:04:12 INFO user=priya.k@fabrikam.net action=login ok" },
  { kind: "email", text: "Please CC JOHN.SMITH@EXAMPLE.COM on the ticket." },
  { kind: "email", text: 'const admin = { name: "Ola", email: "ola.nordmann@firma.no" };' },
  { kind: "email", text: "Sure! Your account email is t.nguyen@student.uni-heidelberg.de." },
  { kind: "email", text: "Contact: info@bäckerei-müller.de? Otherwise post@baeckerei-mueller.de" },
  { kind: "email", text: "Send your CV to careers@startup.ai before Friday." },
  // Phones
  { kind: "phone", text: "Call our London office on +44 20 7946 0958 between 9 and 5." },
  { kind: "phone", text: "The customer's mobile is +1 (415) 555-0132." },
  { kind: "phone", text: "Phone: (212) 555-0198, ask for Dana." },
  { kind: "phone", text: "Reach me at 415-555-0176 after 6pm." },
  { kind: "phone", text: "Our Berlin number is +49 30 901820 (Mon-Fri)." },
  { kind: "phone", text: "Le service client: +33 1 42 68 53 00" },
  { kind: "phone", text: "Sydney support line +61 2 9374 4000" },
  { kind: "phone", text: "東京オフィス: +81 3-3224-9999" },
  { kind: "phone", text: "WhatsApp me on +91 98765 43210 for the delivery." },
  { kind: "phone", text: "caller_id=+14155550132 duration=312s status=completed" },
  { kind: "phone", text: "Ring reception on 020 7946 0018 and quote your name." },
  { kind: "phone", text: "My number changed to 07700 900123, please update it." },
  { kind: "phone", text: "Dublin: +353 1 234 5678" },
  { kind: "phone", text: "Toll-free: 1-800-555-0199" },
  { kind: "phone", text: "Fax documents to 415.555.0143." },
  { kind: "phone", text: "São Paulo: +55 11 3456-7890" },
  { kind: "phone", text: "tel. +44 (0)20 7946 0321" },
  // Cards
  { kind: "credit_card", text: "The card on file is 4242 4242 4242 4242, expiring 12/27." },
  { kind: "credit_card", text: "Charge failed for card 5555-5555-5555-4444 (insufficient funds)." },
  { kind: "credit_card", text: "amex: 378282246310005 cvv 1234" },
  { kind: "credit_card", text: "I paid with my Discover card 6011 1111 1111 1117." },
  { kind: "credit_card", text: "payment_method.card.number = '4000056655665556'" },
  { kind: "credit_card", text: "Use 2223 0031 2200 3222 to test the Mastercard 2-series flow." },
  { kind: "credit_card", text: "JCB 3566 0020 2036 0505 was declined." },
  { kind: "credit_card", text: "Diners Club 3056 930902 5904 on the corporate account." },
  { kind: "credit_card", text: "Her Visa number is 4111111111111111." },
  // IBANs
  { kind: "iban", text: "Please transfer the deposit to GB82 WEST 1234 5698 7654 32." },
  { kind: "iban", text: "IBAN: DE89370400440532013000, BIC COBADEFFXXX" },
  { kind: "iban", text: "Refund sent to FR14 2004 1010 0505 0001 3M02 606." },
  { kind: "iban", text: "Rekeningnummer NL91ABNA0417164300 (ABN AMRO)" },
  { kind: "iban", text: "Spanish account: ES91 2100 0418 4502 0005 1332" },
  { kind: "iban", text: "bank_account: CH9300762011623852957" },
  { kind: "iban", text: "Pay into BE68 5390 0754 7034 by the 5th." },
  // SSNs
  { kind: "ssn", text: "Applicant SSN: 536-22-1847" },
  { kind: "ssn", text: "His social security number is 219-09-9999." },
  { kind: "ssn", text: "ssn=457-55-5462 dob=1987-03-14" },
  { kind: "ssn", text: "Please confirm the last tax filing under 078-05-1120." },
  // IP addresses
  { kind: "ipv4", text: "Failed login from 203.0.113.42 at 03:12 UTC." },
  { kind: "ipv4", text: "The customer's router is at 192.168.1.23 on their home network." },
  { kind: "ipv4", text: '{"client_ip": "84.23.119.6", "path": "/checkout"}' },
  { kind: "ipv4", text: "ssh admin@10.0.4.17 -p 2222" },
  { kind: "ipv6", text: "Request originated from 2001:db8:85a3::8a2e:370:7334." },
  { kind: "ipv6", text: "client=2001:0db8:85a3:0000:0000:8a2e:0370:7334 status=403" },
  { kind: "ipv6", text: "Link-local address fe80::1ff:fe23:4567:890a on eth0" },
  { kind: "phone", text: "Text the courier at +1-202-555-0173 if nobody answers." },
  { kind: "phone", text: "UK mobile: +44 7700 900 077" },
  { kind: "phone", text: "Freephone 0800 123 4567 (24/7)" },
  { kind: "phone", text: "Sydney office: 02 9374 4000" },
  { kind: "phone", text: "Berlin: 030/1234567" },
  { kind: "phone", text: "Main line +1 212 555 0198 ext. 22" },
  { kind: "email", text: 'Reply-To: "Support" <help@desk.example.com>' },
  { kind: "credit_card", text: "card: 5105 1051 0510 5100 exp 04/26 cvc 123" },
  {
    kind: "ipv4",
    text: 'nginx: 172.16.254.3 - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 200',
  },
  { kind: "ipv6", text: "Blocked [2a03:2880:f10c:83:face:b00c:0:25de] after 20 attempts." },
];

const negatives: string[] = [
  // Order ids, SKUs, tracking numbers
  "Your order ORD-20418 has shipped and should arrive Thursday.",
  "Order #402-555-0198 is being prepared for dispatch.",
  "Amazon order 114-3941689-8772232 was refunded.",
  "Tracking number 1Z999AA10123456784 (UPS Ground).",
  "USPS tracking: 9400 1000 0000 0000 0000 00",
  "SKU 8802-1145-20 is back in stock.",
  "Invoice INV-2024-00123 is due on 2024-06-30.",
  "Reference: 4421 8876 0012 3345 (do not share).",
  "Case number 0207 946 0958 has been escalated to tier 2.",
  "Your confirmation code is 7731-0284-5519.",
  // Dates, times, timestamps
  "The meeting is on 2024-01-15 at 10:30 in room 4B.",
  "Event log: 2024-03-09T14:22:31.504Z request completed in 182 ms",
  "Dates: 01.02.2024 12:00 to 15.02.2024 18:00",
  "Unix timestamp 1700000000 corresponds to November 2023.",
  "Office hours are 09:00-17:30, Monday to Friday.",
  "Your subscription renews on 12/31/2025.",
  "Backups run at 02:30:00 every night (cron 30 2 * * *).",
  // Versions and section numbers
  "Upgrade to v2.10.3 to fix the memory leak.",
  "We tested on version 1.2.3.4 of the firmware.",
  "Chrome 120.0.6099.109 and Firefox 121.0 are supported.",
  "See section 4.2.1.3 of the contract for termination terms.",
  "Python 3.11.4, Node 20.11.1, npm 10.2.4",
  "Windows build 10.0.19045.3570 is affected.",
  "OID 1.3.6.1.4.1.311 identifies Microsoft.",
  // Hashes and UUIDs
  "Fixed in commit 3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a.",
  "Request id 550e8400-e29b-41d4-a716-446655440000 failed with 502.",
  "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "Image digest sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
  // Prices, quantities, measurements
  "The total comes to $1,299.00 including VAT.",
  "Le prix est de 1 234 567,89 € TTC.",
  "Population: 8,336,817 (2022 estimate).",
  "Coordinates 37.7749, -122.4194 (San Francisco).",
  "The package weighs 12.5 kg and measures 40 x 30 x 20 cm.",
  "Revenue grew 12.5% to 4,500,000 USD in Q3.",
  // ISBNs and other catalogue numbers
  "ISBN 978-0-306-40615-7 is the second edition.",
  "The first edition is ISBN 0-306-40615-2.",
  "IMEI 490154203237518 is registered to the device.",
  "Part number 1234 5678 9012 3456 is discontinued.",
  // Look-alikes of other kinds
  "The dev server listens on 0.0.0.0:8080 and 127.0.0.1:9229.",
  "Set your DNS to 8.8.8.8 or 1.1.1.1.",
  "Subnet mask 255.255.255.0, gateway as usual.",
  "MAC address 00:1A:2B:3C:4D:5E is whitelisted.",
  "Use std::vector<int> or boost::asio for this.",
  "The meeting ran 10:30:45 over schedule.",
  "Install lodash@4.17.21 and @types/node@20.11.5.",
  "Use logo@2x.png for retina displays.",
  "Clone git@github.com:acme/webapp.git and run npm install.",
  "Follow us @acme_support on Twitter.",
  "Invalid SSN 000-12-3456 and 666-45-6789 and 987-65-4321 were rejected.",
  "IBAN GB82 WEST 1234 5698 7654 33 fails its checksum.",
  "Card 4242 4242 4242 4241 fails the Luhn check.",
  "Call extension 4521 or dial 0 for the operator.",
  "The error code was 0x80070005 (access denied).",
  "Bank sort code 20-00-00, account 31926819.",
  "Ship to 1600 Amphitheatre Pkwy, Mountain View, CA 94043-1351.",
  "Ten billion is written 10 000 000 000 in French.",
  "Pages 100-200 cover the 2010 2015 2020 census rounds.",
  "Release 2.0.0-beta.1 ships on 15-01-2025.",
  "Error 0x0000007B during boot; see KB 4012598.",
  "The meeting ID is 845 2931 0476 (passcode 55102).",
  "Score: 3-1 after extra time; attendance 61,212.",
  "Norwegian org. no. 913 245 678",
  "Batch 2024 0118 0007 passed QA.",
  "Flight LH 401 departs at 17:55 from gate B44.",
];

/** Personal data in support answers, emails, logs and code, and look-alikes that are not. */
export const piiCorpus: Corpus<PiiSample, string> = {
  positives,
  negatives,
};
