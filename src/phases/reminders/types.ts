// Reminders the scheduler posts to walk members through the phases, and the
// settings the rules read. Each reminder has a deterministic key, so deciding
// the same reminder again (after a restart, or in a second process) stores
// nothing new.

export type ReminderType =
  | "reminder_expected_start"
  | "reminder_request_ack"
  | "reminder_mitigation_overdue"
  | "reminder_retrospective_overdue"
  | "reminder_retrospective_meeting";

export interface ExpectedStartPayload {
  noticeId: number;
}

export interface RequestAckPayload {
  requestId: number;
  /** 1 for the first re-announcement. */
  repeat: number;
  /** When the scheduler decided it, ISO 8601. The next repeat waits for the interval from here. */
  at: string;
}

export interface OverduePayload {
  incidentId: number;
  /** The configured number of days that passed. */
  days: number;
}

export interface MeetingPayload {
  period: "month" | "quarter";
  /** "2026-11" for a month, "FY2026-Q3" for a quarter of the Japanese fiscal year (April to March). */
  label: string;
  /** First day of the period, ISO date. */
  startDate: string;
  /** First day after the period, ISO date. */
  endDate: string;
  timeZone: string;
}

export type DueReminder =
  | { type: "reminder_expected_start"; key: string; incidentId: number; payload: ExpectedStartPayload }
  | { type: "reminder_request_ack"; key: string; incidentId: number; payload: RequestAckPayload }
  | { type: "reminder_mitigation_overdue"; key: string; incidentId: number; payload: OverduePayload }
  | { type: "reminder_retrospective_overdue"; key: string; incidentId: number; payload: OverduePayload }
  | { type: "reminder_retrospective_meeting"; key: string; incidentId?: undefined; payload: MeetingPayload };

export interface BusinessHours {
  /** Opening time "HH:MM" on the zone's wall clock. */
  start: string;
  /** Closing time "HH:MM". Business time ends just before it. */
  end: string;
  /** ISO weekdays that are business days: 1 = Monday ... 7 = Sunday. */
  days: number[];
  /** ISO dates that are not business days (public holidays, year-end closure). */
  holidays: string[];
}

export interface ReminderRules {
  /** IANA zone of business hours and meeting dates. */
  timeZone: string;
  businessHours: BusinessHours;
  expectedStart: {
    enabled: boolean;
    /** How long after the expected start (or until the expected end, if later) the question is still asked. */
    windowMinutes: number;
  };
  requestAck: {
    enabled: boolean;
    /** Interval between the request (or the previous re-announcement) and the next re-announcement. */
    afterMinutes: number;
    maxRepeats: number;
  };
  mitigationOverdue: { enabled: boolean; afterDays: number };
  retrospectiveOverdue: { enabled: boolean; afterDays: number };
  retrospectiveMeeting: {
    monthly: boolean;
    quarterly: boolean;
    /** "first-weekday" for the first business day of the month, or a number for that day of the month. */
    day: "first-weekday" | number;
    /** Posting time "HH:MM". */
    time: string;
    /** How long after the posting time a reminder missed while the bot was down is still posted. */
    graceHours: number;
  };
}
