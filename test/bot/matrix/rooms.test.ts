// Invitations, encrypted rooms and a rejected access token.
import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  BOT,
  BOT_TOKEN,
  botMessages,
  eventually,
  MALLORY,
  PARTNER,
  say,
  startMatrixHarness,
  waitForReplyTo,
  type MatrixHarness,
} from "./harness.ts";

let harness: MatrixHarness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function logged(message: string): boolean {
  return harness!.logs.some((line) => line.msg === message);
}

describe("Matrix invitations", () => {
  it("configured room invite joins and introduces", async () => {
    harness = await startMatrixHarness({ botOutsideRoom: true });
    await harness.startBot();

    harness.server.invite(harness.room, BOT, ALICE);
    const introduction = await harness.server.waitForEvent((event) => event.sender === BOT && event.type === "m.room.message");

    expect(harness.server.membership(harness.room, BOT)).toBe("join");
    expect(introduction.room_id).toBe(harness.room);
    expect(introduction.content.msgtype).toBe("m.notice");
    expect(introduction.content.body).toContain("DDoS 対応ボット（dos-bot）です。");
    expect(introduction.content.body).toContain("!dos help");
  });

  it("unknown server invite ignored", async () => {
    harness = await startMatrixHarness();
    await harness.startBot();
    const room = harness.server.createRoom({ creator: MALLORY, name: "Free stuff" });

    harness.server.invite(room, BOT, MALLORY);
    await eventually(() => (logged("Matrix invitation ignored: the inviter's homeserver is neither in matrix.inviteServers nor a member organization's") ? true : undefined));

    expect(harness.server.membership(room, BOT)).toBe("invite");
    expect(harness.server.requests.filter((record) => record.kind === "join")).toEqual([]);
  });

  it("member and listed servers accepted", async () => {
    harness = await startMatrixHarness();
    await harness.startBot();
    const memberRoom = harness.server.createRoom({ creator: BOB, name: "ISP B NOC" });
    const partnerRoom = harness.server.createRoom({ creator: PARTNER, name: "Partner" });

    harness.server.invite(memberRoom, BOT, BOB);
    harness.server.invite(partnerRoom, BOT, PARTNER);
    await eventually(() => (harness!.server.membership(memberRoom, BOT) === "join" && harness!.server.membership(partnerRoom, BOT) === "join" ? true : undefined));

    const commandId = say(harness, BOB, "!dos list", undefined, memberRoom);
    const reply = await waitForReplyTo(harness, commandId);
    expect(reply.room_id).toBe(memberRoom);
  });
});

describe("Matrix encrypted rooms", () => {
  it("encrypted room join posts notice once", async () => {
    harness = await startMatrixHarness();
    await harness.startBot();
    const room = harness.server.createRoom({ creator: ALICE, encrypted: true, name: "Encrypted" });

    harness.server.invite(room, BOT, ALICE);
    const notice = await harness.server.waitForEvent((event) => event.sender === BOT && event.room_id === room && event.type === "m.room.message");
    harness.server.injectEvent(room, ALICE, "m.room.encrypted", { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgAEnAC", session_id: "s1" });
    const probe = say(harness, ALICE, "!dos list");
    await waitForReplyTo(harness, probe);

    expect(notice.content.body).toContain("エンドツーエンド暗号化されているため、ボットはメッセージを読めません");
    expect(notice.content.body).toContain("暗号化していないルーム");
    expect(botMessages(harness).filter((event) => event.room_id === room)).toHaveLength(1);
  });

  it("encrypted message posts notice once", async () => {
    harness = await startMatrixHarness();
    const room = harness.server.createRoom({ creator: ALICE, members: [BOT], encrypted: true });
    await harness.startBot();

    for (const ciphertext of ["AwgAEnAC", "AwgBEnAD"]) {
      harness.server.injectEvent(room, ALICE, "m.room.encrypted", { algorithm: "m.megolm.v1.aes-sha2", ciphertext, session_id: "s1" });
    }
    const probe = say(harness, ALICE, "!dos list");
    await waitForReplyTo(harness, probe);
    await eventually(() => (botMessages(harness!).some((event) => event.room_id === room) ? true : undefined));
    await harness.stopBot();
    harness.server.injectEvent(room, ALICE, "m.room.encrypted", { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgCEnAE", session_id: "s1" });
    await harness.startBot();
    const secondProbe = say(harness, ALICE, "!dos list");
    await waitForReplyTo(harness, secondProbe);

    const notices = botMessages(harness).filter((event) => event.room_id === room);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.content.body).toContain("ボットはメッセージを読めません");
  });
});

describe("Matrix encryption turned on", () => {
  it("enabling encryption posts notice", async () => {
    harness = await startMatrixHarness();
    await harness.startBot();

    harness.server.injectEvent(harness.room, ALICE, "m.room.encryption", { algorithm: "m.megolm.v1.aes-sha2" }, { stateKey: "" });
    const notice = await harness.server.waitForEvent((event) => event.sender === BOT && event.type === "m.room.message");

    expect(notice.room_id).toBe(harness.room);
    expect(notice.content.body).toContain("ボットはメッセージを読めません");
    expect(logged("Matrix room is end-to-end encrypted; the bot cannot read it and posted a notice")).toBe(true);
  });
});

describe("Matrix access token", () => {
  it("rejected token stops sync once", async () => {
    harness = await startMatrixHarness();
    await harness.startBot();
    harness.server.failNext("sync", { errcode: "M_UNKNOWN_TOKEN", error: "Invalid access token passed." });

    // Ends the open long-poll, so the next sync request meets the fault.
    say(harness, ALICE, "good morning");
    await eventually(() => (harness!.logs.some((line) => line.level >= 50) ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const errors = harness.logs.filter((line) => line.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toContain("rejected the access token (M_UNKNOWN_TOKEN)");
    expect(JSON.stringify(harness.logs)).not.toContain(BOT_TOKEN);
    expect(harness.logs.some((line) => String(line.msg).includes("Backing off"))).toBe(false);
    const syncs = harness.server.requests.filter((record) => record.kind === "sync");
    expect(syncs.at(-1)!.status).toBe(401);
    expect(harness.adapter!.isConnected()).toBe(false);
  });

  it("rejected token fails start", async () => {
    harness = await startMatrixHarness({ accessToken: "revoked-token" });

    const failure = await harness.startBot().catch((error: unknown) => error as Error);

    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).toContain("rejected the access token (M_UNKNOWN_TOKEN)");
    expect(failure!.message).not.toContain("revoked-token");
  });

  it("unreachable homeserver retried later", async () => {
    // A listener that drops every connection stays on its port, unlike a closed server whose port
    // another test may take over.
    const dropping = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, "127.0.0.1", resolve));
    const { port } = dropping.address() as AddressInfo;
    harness = await startMatrixHarness({ homeserverUrl: `http://127.0.0.1:${port}` });

    try {
      await harness.startBot({ waitForSync: false });

      const warning = harness.logs.find((line) => line.msg === "could not connect to the Matrix homeserver; will retry");
      expect(warning?.retryInMs).toBe(5000);
      expect(warning?.error).toContain("matrix request failed");
      expect(harness.adapter!.isConnected()).toBe(false);
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });
});
