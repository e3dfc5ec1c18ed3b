// Identifiers of the fake Slack workspace that the local Web API server and the
// payload builders use by default. They follow Slack's id prefixes
// (T team, U user, B bot, A app, C channel) but name no real workspace.

export const TEST_WORKSPACE = {
  teamId: "T0TEST0001",
  teamName: "DoS Test Workspace",
  teamDomain: "dos-test",
  appId: "A0TEST0001",
  botUserId: "U0BOT00001",
  botUserName: "dosbot",
  botId: "B0BOT00001",
  botToken: "xoxb-test-token",
  channelId: "C0TEST0001",
  channelName: "incident",
  userId: "U0ALICE001",
  userName: "alice",
  // Slack still sends the deprecated verification token in every payload.
  verificationToken: "test-verification-token",
} as const;
