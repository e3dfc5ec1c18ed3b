import { describe, expect, test } from "vitest";

import { createAddressGuard, parseCidr } from "../../src/probe/index.ts";

describe("address guard", () => {
  const guard = createAddressGuard();

  test.each([
    ["0.0.0.0", "unspecified"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.5.4", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.254", "cgnat"],
    ["169.254.169.254", "cloud-metadata"],
    ["100.100.100.200", "cloud-metadata"],
    ["169.254.10.10", "link-local"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.10", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fd00:ec2::254", "cloud-metadata"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "cloud-metadata"],
    ["64:ff9b::a00:1", "private"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["2002:a9fe:a9fe::1", "cloud-metadata"],
    ["4000::1", "reserved"],
    ["localhost", "invalid"],
  ])("%s rejected as %s", (address, label) => {
    const verdict = guard.check(address);

    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed ? null : verdict.label).toBe(label);
  });

  test.each(["1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "64:ff9b::101:101", "2002:101:101::1"])(
    "public %s allowed",
    (address) => {
      expect(guard.check(address).allowed).toBe(true);
    },
  );

  test("allowed CIDR overrides block", () => {
    const permissive = createAddressGuard(["127.0.0.1/32", "fd00::/8"]);

    expect(permissive.check("127.0.0.1").allowed).toBe(true);
    expect(permissive.check("127.0.0.2").allowed).toBe(false);
    expect(permissive.check("fd12::1").allowed).toBe(true);
    expect(permissive.check("10.0.0.1").allowed).toBe(false);
  });

  test("rejection names the range", () => {
    expect(guard.check("10.1.2.3")).toEqual({ allowed: false, address: "10.1.2.3", label: "private", range: "10.0.0.0/8" });
  });

  test.each(["10.0.0.0/33", "10.0.0.0/", "example.test/8", "::1/129", "10.0.0.0/8/1"])("invalid CIDR %s throws", (cidr) => {
    expect(() => createAddressGuard([cidr])).toThrow(TypeError);
  });

  test("bare address is host route", () => {
    expect(parseCidr("192.0.2.1")).toEqual({ network: "192.0.2.1", prefix: 32, family: "ipv4" });
    expect(parseCidr("2001:db8::1")).toEqual({ network: "2001:db8::1", prefix: 128, family: "ipv6" });
  });
});
