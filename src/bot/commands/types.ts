// Typed commands produced by the shared `/dos` grammar. Every platform adapter
// turns its input into the text after `/dos` and hands it to `parseCommand`;
// phase services only ever see these types.

export const TLP_LABELS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"] as const;
export type Tlp = (typeof TLP_LABELS)[number];

export const NOTICE_SOURCES = ["sns", "bbs", "chat", "news", "jpcert", "nisc", "member", "other"] as const;
export type NoticeSource = (typeof NOTICE_SOURCES)[number];

export const CREDIBILITIES = ["high", "medium", "low", "unknown"] as const;
export type Credibility = (typeof CREDIBILITIES)[number];

export const ATTACK_VECTORS = [
  "udp-flood",
  "syn-flood",
  "dns-amp",
  "ntp-amp",
  "ssdp-amp",
  "memcached-amp",
  "cldap-amp",
  "http-flood",
  "carpet-bombing",
  "other",
] as const;
export type AttackVector = (typeof ATTACK_VECTORS)[number];

export const DETECTION_STATUSES = ["ongoing", "subsided", "ended"] as const;
export type DetectionStatus = (typeof DETECTION_STATUSES)[number];

export const MITIGATION_ACTIONS = [
  "acl",
  "rtbh",
  "flowspec",
  "scrubbing",
  "rate-limit",
  "dns-sinkhole",
  "upstream-filter",
  "customer-contact",
  "other",
] as const;
export type MitigationAction = (typeof MITIGATION_ACTIONS)[number];

export const MITIGATION_EFFECTS = ["effective", "partial", "ineffective"] as const;
export type MitigationEffect = (typeof MITIGATION_EFFECTS)[number];

export const PROTOCOLS = ["tcp", "udp", "icmp", "gre", "any"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const INCIDENT_FILTERS = ["open", "closed", "all"] as const;
export type IncidentFilter = (typeof INCIDENT_FILTERS)[number];

/** A validated attack target, kept in the canonical form shown back to members. */
export type Target =
  | { kind: "domain"; value: string }
  | { kind: "url"; value: string }
  | { kind: "ipv4"; value: string }
  | { kind: "ipv6"; value: string }
  | { kind: "prefix"; value: string }
  | { kind: "asn"; value: string };

/** A point in time or a range, stored as UTC instants. */
export interface TimeRange {
  start: Date;
  end?: Date;
}

export interface NoticeCommand {
  name: "notice";
  incident?: number;
  title?: string;
  targets: Target[];
  attacker?: string;
  profile?: string;
  source?: NoticeSource;
  link?: string;
  expected?: TimeRange;
  credibility?: Credibility;
  tlp?: Tlp;
  text?: string;
}

export interface DetectCommand {
  name: "detect";
  incident?: number;
  title?: string;
  observed: boolean;
  targets: Target[];
  vectors: AttackVector[];
  start?: Date;
  peakBps?: number;
  peakPps?: number;
  peakRps?: number;
  status?: DetectionStatus;
  tlp?: Tlp;
  text?: string;
}

export interface MitigateCommand {
  name: "mitigate";
  incident: number;
  action: MitigationAction;
  prefix?: string;
  ports?: string;
  protocol?: Protocol;
  start?: Date;
  end?: Date;
  effect?: MitigationEffect;
  tlp?: Tlp;
  text?: string;
}

export interface RequestCommand {
  name: "request";
  incident: number;
  to: string;
  urgent: boolean;
  tlp?: Tlp;
  text: string;
}

/** ack, done and decline all act on one coordination request, referenced as R<number>. */
export interface RequestStepCommand {
  name: "ack" | "done" | "decline";
  request: number;
  text?: string;
}

export interface ReviewCommand {
  name: "review";
  incident: number;
  attacker?: string;
  methods?: string;
  response?: string;
  damage?: boolean;
  damageDetail?: string;
  lessons?: string;
  publishable?: boolean;
  tlp?: Tlp;
  text?: string;
}

export interface CloseCommand {
  name: "close";
  incident: number;
  text?: string;
}

export interface StatusCommand {
  name: "status";
  incident?: number;
}

export interface ListCommand {
  name: "list";
  filter: IncidentFilter;
}

export interface HelpCommand {
  name: "help";
  topic?: SubcommandName;
}

/** The weekly summary on demand; `week` is the argument as typed (validated by the summary module). */
export interface SummaryCommand {
  name: "summary";
  week?: string;
}

export const PROBE_ACTIONS = ["add", "remove", "list", "import", "export", "status", "alerts", "declare", "silence", "unsilence"] as const;
export type ProbeAction = (typeof PROBE_ACTIONS)[number];

/**
 * Homepage probe targets and their status. Sector and operator names are
 * kept as typed; the probe service matches them against the stored ones.
 */
export type ProbeCommand =
  | {
      name: "probe";
      action: "add";
      operator: string;
      sector: string;
      /** WHATWG serialization of an http or https URL. */
      url: string;
      /** "200" or an inclusive range "200-399". */
      expectedStatus?: string;
      keyword?: string;
      notes?: string;
      group?: string;
    }
  /** `entry` is a target id or URL, as typed. */
  | { name: "probe"; action: "remove"; entry: string }
  /** `filter` is a sector or operator name. */
  | { name: "probe"; action: "list"; filter?: string }
  /** `filter` is a sector or operator name, a URL, an IP address or a prefix. */
  | { name: "probe"; action: "status"; filter?: string }
  | { name: "probe"; action: "import"; path: string }
  | { name: "probe"; action: "export" }
  /** Open and recent correlated-degradation alerts with silences, or one alert in full. */
  | { name: "probe"; action: "alerts"; alert?: number }
  /** Declares a detection from alert A<alert>. */
  | { name: "probe"; action: "declare"; alert: number }
  /**
   * Leaves an operator or sector (`entry`, as typed) out of alerts from `from`
   * (default now) until `until`. `scope` is set when the member named it with
   * operator= or sector=.
   */
  | { name: "probe"; action: "silence"; entry: string; scope?: "operator" | "sector"; from?: Date; until: Date; reason?: string }
  | { name: "probe"; action: "unsilence"; silence: number };

export type Command =
  | NoticeCommand
  | DetectCommand
  | MitigateCommand
  | RequestCommand
  | RequestStepCommand
  | ReviewCommand
  | CloseCommand
  | StatusCommand
  | ListCommand
  | HelpCommand
  | SummaryCommand
  | ProbeCommand;

export type SubcommandName = Command["name"];

/**
 * Why a command was rejected. `field` is the canonical English key (or
 * "subcommand"/"incident"/"request"/"syntax"), `value` is what the member
 * typed, and messages render the reason and a correct example per locale.
 */
export type ParseErrorCode =
  | "empty"
  | "unknown_subcommand"
  | "unknown_key"
  | "duplicate_key"
  | "missing_value"
  | "unclosed_quote"
  | "missing_required"
  | "invalid_enum"
  | "invalid_target"
  | "invalid_datetime"
  | "invalid_range"
  | "invalid_number"
  | "invalid_incident_ref"
  | "invalid_request_ref"
  | "invalid_alert_ref"
  | "invalid_silence_ref"
  | "invalid_prefix"
  | "invalid_ports"
  | "invalid_boolean"
  | "invalid_url"
  | "invalid_org"
  | "unexpected_text"
  | "unexpected_field"
  | "invalid_status"
  | "too_long";

export interface ParseError {
  code: ParseErrorCode;
  subcommand?: SubcommandName;
  field: string;
  value?: string;
  /** Accepted values for enum fields, in canonical form. */
  allowed?: readonly string[];
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

export interface ParseOptions {
  /** Reference instant for relative and year-less dates. */
  now: Date;
  /** IANA zone in which members type local times, e.g. "Asia/Tokyo". */
  timeZone: string;
}
