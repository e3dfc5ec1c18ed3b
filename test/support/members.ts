import { MemberDirectory } from "../../src/phases/actor.ts";

export const TEST_MEMBERS = {
  organizations: [
    { id: "isp-a", name: "ISP A", slackTeamIds: ["TISPA"], matrixServers: ["isp-a.example"] },
    { id: "isp-b", name: "ISP B", slackTeamIds: ["TISPB"], matrixServers: ["isp-b.example"] },
    { id: "isp-c", name: "ISP C", slackTeamIds: [], matrixServers: [] },
  ],
  members: [
    { org: "isp-a", user: "alice", admin: false, slackUserId: "UALICE", matrixUserId: "@alice:isp-a.example" },
    { org: "isp-b", user: "bob", admin: false, slackUserId: "UBOB", matrixUserId: "@bob:isp-b.example" },
    { org: "isp-c", user: "carol", admin: false, slackUserId: "UCAROL", matrixUserId: "@carol:isp-c.example" },
    { org: "isp-c", user: "root", admin: true },
  ],
};

export const testDirectory = () => new MemberDirectory(TEST_MEMBERS);
