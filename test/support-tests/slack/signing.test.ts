import { parse as parseQueryString } from "node:querystring";

import { verifySlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";

import { eventBody, interactionBody, signSlackRequest, slashCommandBody } from "../../support/slack/signing.ts";
import { TEST_WORKSPACE } from "../../support/slack/workspace.ts";

const SECRET = "test-signing-secret";

/** Runs Bolt's own signature check on a body and the headers from signSlackRequest. */
function verifyWithBolt(secret: string, body: string, headers: ReturnType<typeof signSlackRequest>): void {
  verifySlackRequest({
    signingSecret: secret,
    body,
    headers: {
      "x-slack-signature": headers["X-Slack-Signature"],
      "x-slack-request-timestamp": Number(headers["X-Slack-Request-Timestamp"]),
    },
  });
}

describe("signSlackRequest", () => {
  it("passes Bolt's verifier", () => {
    const body = slashCommandBody({ text: "status 192.0.2.0/24", response_url: "http://127.0.0.1:1/response/x" });

    const headers = signSlackRequest(SECRET, body);

    expect(() => verifyWithBolt(SECRET, body, headers)).not.toThrow();
  });

  it("uses the given timestamp", () => {
    const headers = signSlackRequest(SECRET, "a=b", 1_733_300_000);

    expect(headers["X-Slack-Request-Timestamp"]).toBe("1733300000");
    expect(headers["X-Slack-Signature"]).toMatch(/^v0=[0-9a-f]{64}$/);
  });

  it("fails verification for a changed body", () => {
    const headers = signSlackRequest(SECRET, "text=one");

    expect(() => verifyWithBolt(SECRET, "text=two", headers)).toThrow(/signature mismatch/);
  });

  it("fails verification for another secret", () => {
    const headers = signSlackRequest("other-secret", "text=one");

    expect(() => verifyWithBolt(SECRET, "text=one", headers)).toThrow(/signature mismatch/);
  });

  it("stale timestamp fails verification", () => {
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const headers = signSlackRequest(SECRET, "text=one", tenMinutesAgo);

    expect(() => verifyWithBolt(SECRET, "text=one", headers)).toThrow(/stale/);
  });
});

describe("slashCommandBody", () => {
  it("contains Slack's fields in order", () => {
    const body = slashCommandBody({ text: "report", response_url: "http://127.0.0.1:1/response/r1", trigger_id: "1.2.abc" });

    const names = [...new URLSearchParams(body).keys()];

    expect(names).toEqual([
      "token",
      "team_id",
      "team_domain",
      "channel_id",
      "channel_name",
      "user_id",
      "user_name",
      "command",
      "text",
      "api_app_id",
      "is_enterprise_install",
      "response_url",
      "trigger_id",
    ]);
  });

  it("round-trips through querystring", () => {
    const text = "mitigate 198.51.100.7 & notify +isp-b 100%";
    const body = slashCommandBody({
      command: "/dos",
      text,
      user_id: "U0BOB00001",
      enterprise_id: "E0TEST0001",
      response_url: "http://127.0.0.1:1/response/r1",
      extra: { locale: "ja-JP" },
    });

    // Bolt's HTTPReceiver parses form bodies with node:querystring.
    const fields = parseQueryString(body);

    expect(fields.text).toBe(text);
    expect(fields.command).toBe("/dos");
    expect(fields.user_id).toBe("U0BOB00001");
    expect(fields.team_id).toBe(TEST_WORKSPACE.teamId);
    expect(fields.enterprise_id).toBe("E0TEST0001");
    expect(fields.is_enterprise_install).toBe("false");
    expect(fields.response_url).toBe("http://127.0.0.1:1/response/r1");
    expect(fields.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    expect(fields.locale).toBe("ja-JP");
  });

  it("omits enterprise fields by default", () => {
    const fields = parseQueryString(slashCommandBody({ response_url: "http://127.0.0.1:1/response/r1" }));

    expect(fields).not.toHaveProperty("enterprise_id");
    expect(fields).not.toHaveProperty("enterprise_name");
  });
});

describe("interactionBody", () => {
  it("wraps the payload as JSON", () => {
    const payload = { type: "block_actions", actions: [{ action_id: "approve", value: "a&b=c d" }] };

    const fields = parseQueryString(interactionBody(payload));

    expect(Object.keys(fields)).toEqual(["payload"]);
    expect(JSON.parse(String(fields.payload))).toEqual(payload);
  });
});

describe("eventBody", () => {
  it("builds an event_callback envelope", () => {
    const event = { type: "app_mention", user: "U0ALICE001", text: "<@U0BOT00001> status", ts: "1733300000.000100", channel: "C0TEST0001" };

    const envelope = JSON.parse(eventBody(event, { event_id: "Ev0001", team_id: "T0PARTNER1" }));

    expect(envelope).toMatchObject({
      token: TEST_WORKSPACE.verificationToken,
      team_id: "T0PARTNER1",
      api_app_id: TEST_WORKSPACE.appId,
      event,
      type: "event_callback",
      event_id: "Ev0001",
    });
    expect(envelope.event_time).toEqual(expect.any(Number));
    expect(envelope.authorizations).toEqual([
      { enterprise_id: null, team_id: "T0PARTNER1", user_id: TEST_WORKSPACE.botUserId, is_bot: true, is_enterprise_install: false },
    ]);
    expect(envelope).not.toHaveProperty("enterprise_id");
  });

  it("gives each event a new id", () => {
    const first = JSON.parse(eventBody({ type: "app_mention" }));
    const second = JSON.parse(eventBody({ type: "app_mention" }));

    expect(first.event_id).not.toBe(second.event_id);
  });
});
