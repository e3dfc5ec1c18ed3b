// Who is acting: a configured member of a member organization, or an unknown
// user who may only read help.
import type { FileConfig } from "../config.ts";

export type Platform = "console" | "slack" | "matrix";

export interface Actor {
  org: string;
  user: string;
  platform: Platform;
  admin: boolean;
  /** false for a person the members config does not list. */
  registered: boolean;
}

export class MemberDirectory {
  private readonly organizations: Map<string, FileConfig["organizations"][number]>;
  private readonly members: Map<string, FileConfig["members"][number]>;

  constructor(config: Pick<FileConfig, "organizations" | "members">) {
    this.organizations = new Map(config.organizations.map((org) => [org.id, org]));
    this.members = new Map(config.members.map((member) => [`${member.org}/${member.user}`, member]));
  }

  /** Resolves ORG/USER to an actor; unknown pairs come back unregistered. */
  actor(org: string, user: string, platform: Platform): Actor {
    const member = this.members.get(`${org}/${user}`);
    return { org, user, platform, admin: member?.admin ?? false, registered: member !== undefined };
  }

  hasOrganization(id: string): boolean {
    return this.organizations.has(id);
  }

  organizationName(id: string): string {
    return this.organizations.get(id)?.name ?? id;
  }

  organizationIds(): string[] {
    return [...this.organizations.keys()];
  }
}
