import { describe, expect, it } from "vitest";
import { resolvedAddressBlockReason } from "../../src/outbound/address-rules";
import { checkUrlRules } from "../../src/outbound/destination-rules";
import { parseIpv4, parseIpv6 } from "../../src/outbound/ip-address";

const STRICT = { allowInsecureLocal: false };
const LOCAL_DEV = { allowInsecureLocal: true };

// "allow", or a pattern the refusal reason must match (proves it was refused for the right cause).
type Expectation = "allow" | RegExp;

const PRODUCTION_CORPUS: [url: string, expected: Expectation][] = [
  // Public destinations.
  ["https://example.com/hook", "allow"],
  ["https://hooks.example.org:8443/x", "allow"],
  ["https://example.com:443/explicit-default", "allow"],
  ["HTTPS://EXAMPLE.COM/hook", "allow"],
  // Ports other than 443 and 8443, whatever the host.
  ["https://example.com:1/any-port", /port 1 is not allowed/],
  ["https://example.com:22/", /port 22 is not allowed/],
  ["https://example.com:8080/", /port 8080 is not allowed/],
  ["https://example.com:80/", /port 80 is not allowed/],
  ["https://93.184.216.34:6379/", /port 6379 is not allowed/],
  ["https://[2606:4700::1111]:25/", /port 25 is not allowed/],
  ["https://93.184.216.34/", "allow"],
  ["https://8.8.8.8/", "allow"],
  ["https://[2606:4700::1111]/", "allow"],
  ["https://[2606:4700:4700::1111]:8443/hook", "allow"],
  ["https://93.184.216.34:8443/", "allow"],
  ["https://xn--bcher-kva.example/hook", "allow"],
  ["https://bücher.example/hook", "allow"],
  ["https://example.com#@127.0.0.1", "allow"],
  // Neighbours of blocked ranges stay reachable.
  ["https://9.255.255.255/", "allow"],
  ["https://11.0.0.0/", "allow"],
  ["https://100.63.255.255/", "allow"],
  ["https://100.128.0.0/", "allow"],
  ["https://172.15.255.255/", "allow"],
  ["https://172.32.0.0/", "allow"],
  ["https://198.17.255.255/", "allow"],
  ["https://198.20.0.0/", "allow"],
  ["https://223.255.255.254/", "allow"],
  // Every blocked IPv4 range.
  ["https://0.0.0.0/", /this network/],
  ["https://0.1.2.3/", /this network/],
  ["https://10.0.0.1/", /private/],
  ["https://10.255.255.255/", /private/],
  ["https://100.64.0.1/", /carrier-grade NAT/],
  ["https://100.127.255.254/", /carrier-grade NAT/],
  ["https://127.0.0.1/", /loopback/],
  ["https://127.255.255.254:8443/", /loopback/],
  ["https://169.254.169.254/latest/meta-data/", /metadata/],
  ["https://169.254.0.1/", /link-local/],
  ["https://172.16.0.1/", /private/],
  ["https://172.31.255.255/", /private/],
  ["https://192.0.0.170/", /IETF/],
  ["https://192.0.2.1/", /documentation/],
  ["https://192.88.99.1/", /6to4 relay/],
  ["https://192.168.1.1/", /private/],
  ["https://198.18.0.1/", /benchmarking/],
  ["https://198.19.255.255/", /benchmarking/],
  ["https://198.51.100.7/", /documentation/],
  ["https://203.0.113.9/", /documentation/],
  ["https://224.0.0.1/", /multicast/],
  ["https://239.255.255.250/", /multicast/],
  ["https://240.0.0.1/", /reserved/],
  ["https://255.255.255.255/", /broadcast/],
  // Obfuscated IPv4 spellings of loopback and metadata.
  ["https://2130706433/", /loopback/],
  ["https://0177.0.0.1/", /loopback/],
  ["https://0x7f.1/", /loopback/],
  ["https://0X7F.0.0.1/", /loopback/],
  ["https://127.1/", /loopback/],
  ["https://127.0.1/", /loopback/],
  ["https://0x7f000001/", /loopback/],
  ["https://017700000001/", /loopback/],
  ["https://0177.0x0.1/", /loopback/],
  ["https://127.0.0.1./", /loopback/],
  ["https://%31%32%37.0.0.1/", /loopback/],
  ["https://①②⑦.0.0.1/", /loopback/],
  ["https://0/", /this network/],
  ["https://0xA9FEA9FE/", /metadata/],
  ["https://2852039166/", /metadata/],
  ["https://0251.0376.0251.0376/", /metadata/],
  ["https://0xa9.0xfe.0xa9.0xfe/", /metadata/],
  // IPv6 special addresses, including every form that embeds an IPv4 address.
  ["https://[::]/", /unspecified/],
  ["https://[::1]/", /loopback/],
  ["https://[0:0:0:0:0:0:0:1]/", /loopback/],
  ["https://[::ffff:127.0.0.1]/", /IPv4-mapped loopback/],
  ["https://[::ffff:7f00:1]/", /IPv4-mapped loopback/],
  ["https://[0:0:0:0:0:ffff:127.0.0.1]/", /IPv4-mapped loopback/],
  ["https://[::FFFF:7F00:1]/", /IPv4-mapped loopback/],
  ["https://[::ffff:169.254.169.254]/", /IPv4-mapped link-local/],
  ["https://[::ffff:10.0.0.1]/", /IPv4-mapped private/],
  ["https://[::ffff:0:7f00:1]/", /IPv4-translated loopback/],
  ["https://[::127.0.0.1]/", /IPv4-compatible/],
  ["https://[::7f00:1]/", /IPv4-compatible/],
  ["https://[::a9fe:a9fe]/", /IPv4-compatible/],
  ["https://[64:ff9b::127.0.0.1]/", /NAT64 loopback/],
  ["https://[64:ff9b::a9fe:a9fe]/", /NAT64 link-local/],
  ["https://[64:ff9b:1::1]/", /local-use NAT64/],
  ["https://[2002:7f00:1::]/", /6to4 loopback/],
  ["https://[2002:a9fe:a9fe::1]/", /6to4 link-local/],
  ["https://[2002:c0a8:101::1]/", /6to4 private/],
  ["https://[fc00::1]/", /unique local/],
  ["https://[fd12:3456:789a::1]/", /unique local/],
  ["https://[fe80::1]/", /link-local/],
  ["https://[FE80::abcd]/", /link-local/],
  ["https://[febf:ffff::1]/", /link-local/],
  ["https://[fec0::1]/", /site-local/],
  ["https://[ff02::1]/", /multicast/],
  ["https://[2001:db8::1]/", /documentation/],
  ["https://[2001:0db8:85a3::8a2e:0370:7334]/", /documentation/],
  ["https://[100::1]/", /discard/],
  ["https://[2001::1]/", /Teredo/],
  ["https://[::2]/", /IPv4-compatible/],
  ["https://[400::1]/", /global unicast/],
  // Public IPv4 behind IPv6 translation forms stays reachable.
  ["https://[::ffff:93.184.216.34]/", "allow"],
  ["https://[64:ff9b::5db8:d822]/", "allow"],
  ["https://[2002:5db8:d822::1]/", "allow"],
  // Zone ids are not valid in URLs at all.
  ["https://[fe80::1%25eth0]/", /not an absolute URL/],
  ["https://[fe80::1%eth0]/", /not an absolute URL/],
  // Private names.
  ["https://localhost/", /loopback name/],
  ["https://LOCALHOST:8443/", /loopback name/],
  ["https://localhost./", /trailing dot/],
  ["https://api.localhost/", /private name/],
  ["https://printer.local/", /private name/],
  ["https://metadata.google.internal/computeMetadata/v1/", /private name/],
  ["https://service.internal/", /private name/],
  ["https://router.home.arpa/", /private name/],
  ["https://intranet/", /single-label/],
  ["https://example.com./", /trailing dot/],
  // Userinfo and delimiter tricks.
  ["https://evil.com@127.0.0.1/", /credentials/],
  ["https://user:pass@example.com/", /credentials/],
  ["https://:pass@example.com/", /credentials/],
  ["https://127.0.0.1#@evil.com", /loopback/],
  ["https://127.0.0.1?@evil.com", /loopback/],
  ["https://127.0.0.1\\@evil.com/", /loopback/],
  ["https://evil.com%40127.0.0.1/", /not an absolute URL/],
  // Other schemes.
  ["http://example.com/hook", /scheme http:/],
  ["file:///etc/passwd", /scheme file:/],
  ["gopher://example.com:70/_", /scheme gopher:/],
  ["ftp://example.com/", /scheme ftp:/],
  ["javascript:alert(1)", /scheme javascript:/],
  ["data:text/plain,hi", /scheme data:/],
  ["wss://example.com/", /scheme wss:/],
  // Relative or unparsable input.
  ["/hooks/1", /not an absolute URL/],
  ["//example.com/hook", /not an absolute URL/],
  ["example.com/hook", /not an absolute URL/],
  ["", /not an absolute URL/],
  ["https://", /not an absolute URL/],
  ["https://exa mple.com/", /not an absolute URL/],
  ["https://1.2.3.999/", /not an absolute URL/],
];

const LOCAL_DEV_CORPUS: [url: string, expected: Expectation][] = [
  ["http://localhost:8787/hook", "allow"],
  ["https://localhost/", "allow"],
  ["http://127.0.0.1:8787/", "allow"],
  ["http://127.1/", "allow"],
  ["http://2130706433/", "allow"],
  ["http://[::1]:8787/", "allow"],
  ["http://[::ffff:127.0.0.1]/", "allow"],
  ["http://example.com/hook", "allow"],
  ["http://127.0.0.1:22/", "allow"],
  ["https://example.com:8080/", "allow"],
  ["http://169.254.169.254/latest/meta-data/", /metadata/],
  ["http://[::ffff:169.254.169.254]/", /metadata/],
  ["http://0xA9FEA9FE/", /metadata/],
  ["http://10.0.0.5/", /private/],
  ["http://192.168.1.10/", /private/],
  ["http://0.0.0.0:8787/", /this network/],
  ["http://[::]/", /unspecified/],
  ["http://[fe80::1]/", /link-local/],
  ["http://[64:ff9b::7f00:1]/", /NAT64 loopback/],
  ["http://[2002:7f00:1::]/", /6to4 loopback/],
  ["http://api.localhost/", /private name/],
  ["http://localhost./", /trailing dot/],
  ["http://metadata.google.internal/", /private name/],
  ["http://user:pw@localhost/", /credentials/],
  ["file:///etc/passwd", /scheme file:/],
  ["ws://localhost:8787/", /scheme ws:/],
];

function expectVerdict(url: string, opts: { allowInsecureLocal: boolean }, expected: Expectation): void {
  const result = checkUrlRules(url, opts);
  if (expected === "allow") {
    expect(result, url).toMatchObject({ ok: true });
  } else {
    expect(result.ok, url).toBe(false);
    if (!result.ok) expect(result.reason, url).toMatch(expected);
  }
}

describe("checkUrlRules in production", () => {
  it("covers a corpus of at least 60 URLs", () => {
    expect(PRODUCTION_CORPUS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(PRODUCTION_CORPUS)("%s → %s", (url, expected) => {
    expectVerdict(url, STRICT, expected);
  });

  it("returns the parsed URL so callers send exactly what was checked", () => {
    const result = checkUrlRules("https://Hooks.Example.org:8443/a/../x?y=1", STRICT);
    expect(result.ok && result.url.href).toBe("https://hooks.example.org:8443/x?y=1");
  });

  it("leaves every name to be resolved, and no address literal", () => {
    expect(checkUrlRules("https://Hooks.Example.org/x", STRICT)).toMatchObject({
      lookup: "hooks.example.org",
    });
    expect(checkUrlRules("https://bücher.example/x", STRICT)).toMatchObject({
      lookup: "xn--bcher-kva.example",
    });
    expect(checkUrlRules("https://93.184.216.34/x", STRICT)).toMatchObject({ ok: true, lookup: null });
    expect(checkUrlRules("https://[2606:4700::1111]/x", STRICT)).toMatchObject({ ok: true, lookup: null });
  });
});

describe("checkUrlRules in local development", () => {
  it.each(LOCAL_DEV_CORPUS)("%s → %s", (url, expected) => {
    expectVerdict(url, LOCAL_DEV, expected);
  });

  it("still resolves names, except localhost", () => {
    expect(checkUrlRules("http://rebind.test:8080/x", LOCAL_DEV)).toMatchObject({ lookup: "rebind.test" });
    expect(checkUrlRules("http://localhost:8787/x", LOCAL_DEV)).toMatchObject({ ok: true, lookup: null });
  });
});

describe("resolvedAddressBlockReason", () => {
  it.each([
    ["169.254.169.254", /link-local or cloud metadata/],
    ["127.0.0.1", /loopback/],
    ["10.1.2.3", /private/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["::1", /loopback/],
    ["::ffff:10.0.0.1", /IPv4-mapped private/],
    ["::ffff:127.0.0.1", /IPv4-mapped loopback/],
    ["fd00::1", /unique local/],
    ["0177.0.0.1", /malformed IPv4/],
    ["2130706433", /malformed IPv4/],
    ["not-an-address", /malformed IPv4/],
    ["fe80::1%eth0", /malformed IPv6/],
  ])("refuses %s from a DNS answer, loopback included", (address, reason) => {
    expect(resolvedAddressBlockReason(address)).toMatch(reason);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:93.184.216.34"])(
    "accepts %s",
    (address) => {
      expect(resolvedAddressBlockReason(address)).toBeNull();
    },
  );
});

describe("parseIpv4", () => {
  it.each([
    ["127.0.0.1", 0x7f000001n],
    ["2130706433", 0x7f000001n],
    ["0x7f.1", 0x7f000001n],
    ["0177.0.0.1", 0x7f000001n],
    ["127.1", 0x7f000001n],
    ["127.0.1", 0x7f000001n],
    ["0x", 0n],
    ["1.2.3.4.", 0x01020304n],
    ["255.255.255.255", 0xffffffffn],
  ])("reads %s", (text, value) => {
    expect(parseIpv4(text)).toBe(value);
  });

  it.each(["256.0.0.1", "1.2.3.256", "4294967296", "1.2.3.4.5", "08.0.0.1", "1..2", "", "0x1g", "1.2.3.-4"])(
    "refuses %s",
    (text) => {
      expect(parseIpv4(text)).toBeNull();
    },
  );
});

describe("parseIpv6", () => {
  it.each([
    ["::", 0n],
    ["::1", 1n],
    ["0:0:0:0:0:ffff:127.0.0.1", 0xffff7f000001n],
    ["::FFFF:7F00:1", 0xffff7f000001n],
    ["1::", 1n << 112n],
    ["1:2:3:4:5:6:7:8", 0x00010002000300040005000600070008n],
  ])("reads %s", (text, value) => {
    expect(parseIpv6(text)).toBe(value);
  });

  it.each([
    ":::",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "12345::",
    "fe80::1%eth0",
    "1.2.3.4::",
    "::1.2.3",
    ":1",
    "g::",
  ])("refuses %s", (text) => {
    expect(parseIpv6(text)).toBeNull();
  });
});
