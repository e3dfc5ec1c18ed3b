import { MemberDirectory } from "../../src/phases/actor.ts";

export const TEST_MEMBERS = {
  organizations: [
    { id: "isp-a", name: "ISP A" },
    { id: "isp-b", name: "ISP B" },
    { id: "isp-c", name: "ISP C" },
  ],
  members: [
    { org: "isp-a", user: "alice", admin: false },
    { org: "isp-b", user: "bob", admin: false },
    { org: "isp-c", user: "carol", admin: false },
    { org: "isp-c", user: "root", admin: true },
  ],
};

export const testDirectory = () => new MemberDirectory(TEST_MEMBERS);
