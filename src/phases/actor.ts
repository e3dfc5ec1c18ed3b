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

type Organization = FileConfig["organizations"][number];
type Member = FileConfig["members"][number];

/**
 * Maps people to member organizations. A person listed in `members` acts as
 * that member (with its admin role). On Slack and Matrix, a person not
 * listed but coming from a workspace or homeserver that the config assigns to
 * an organization acts for that organization as an ordinary member.
 */
export class MemberDirectory {
  private readonly organizations: Map<string, Organization>;
  private readonly members: Map<string, Member>;
  private readonly slackUsers = new Map<string, Member>();
  private readonly slackTeams = new Map<string, Organization>();
  private readonly matrixUsers = new Map<string, Member>();
  private readonly matrixServers = new Map<string, Organization>();

  constructor(config: Pick<FileConfig, "organizations" | "members">) {
    this.organizations = new Map(config.organizations.map((org) => [org.id, org]));
    this.members = new Map(config.members.map((member) => [`${member.org}/${member.user}`, member]));
    for (const member of config.members) {
      if (member.slackUserId) this.slackUsers.set(member.slackUserId, member);
      if (member.matrixUserId) this.matrixUsers.set(member.matrixUserId, member);
    }
    for (const org of config.organizations) {
      for (const team of org.slackTeamIds) this.slackTeams.set(team, org);
      for (const server of org.matrixServers) this.matrixServers.set(server.toLowerCase(), org);
    }
  }

  /** Resolves ORG/USER to an actor; unknown pairs come back unregistered. */
  actor(org: string, user: string, platform: Platform): Actor {
    const member = this.members.get(`${org}/${user}`);
    return { org, user, platform, admin: member?.admin ?? false, registered: member !== undefined };
  }

  /** Resolves a Slack user (and the workspace it belongs to) to an actor. */
  slackActor(userId: string, teamId: string | undefined): Actor {
    const member = this.slackUsers.get(userId);
    if (member) return { org: member.org, user: member.user, platform: "slack", admin: member.admin, registered: true };
    const org = teamId ? this.slackTeams.get(teamId) : undefined;
    if (org) return { org: org.id, user: userId, platform: "slack", admin: false, registered: true };
    return { org: teamId ?? "unknown", user: userId, platform: "slack", admin: false, registered: false };
  }

  /** Resolves a Matrix user id (@name:server) to an actor, by explicit mapping or by homeserver. */
  matrixActor(userId: string): Actor {
    const member = this.matrixUsers.get(userId);
    if (member) return { org: member.org, user: member.user, platform: "matrix", admin: member.admin, registered: true };
    const server = userId.slice(userId.indexOf(":") + 1).toLowerCase();
    const org = this.matrixServers.get(server);
    if (org) return { org: org.id, user: userId, platform: "matrix", admin: false, registered: true };
    return { org: server, user: userId, platform: "matrix", admin: false, registered: false };
  }

  /** True when the homeserver belongs to a member organization. */
  isMemberServer(server: string): boolean {
    return this.matrixServers.has(server.toLowerCase());
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
