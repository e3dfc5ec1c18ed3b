// Outbox keys of reminders. The outbox appends ":<destination id>".

export const reminderKeys = {
  expectedStart: (noticeId: number) => `reminder:expected_start:${noticeId}`,
  requestAck: (requestId: number, repeat: number) => `reminder:request_ack:${requestId}:${repeat}`,
  mitigationOverdue: (incidentId: number) => `reminder:mitigation_overdue:${incidentId}`,
  retrospectiveOverdue: (incidentId: number) => `reminder:retrospective_overdue:${incidentId}`,
  meeting: (period: "month" | "quarter", label: string) => `reminder:retrospective_meeting:${period}:${label}`,
};
