// Broadcast renderers of probe alerts. The outbox stores only the alert id
// and, for a note, the change. Each destination renders the post when it is
// sent, in its own language, from the alert as it is then.

import type { BroadcastRenderers } from "../../bot/delivery/broadcast.ts";
import type { SectorDefinition } from "../sectors.ts";
import { ALERT_NOTE_TYPE, ALERT_POST_TYPE, type AlertNote } from "./alert-store.ts";
import { renderAlert, renderAlertNote, type AlertRenderContext } from "./render.ts";

export interface AlertRendererOptions {
  sectors: readonly SectorDefinition[];
  resolveAfterMinutes: number;
}

export function registerAlertRenderers(broadcasts: BroadcastRenderers, options: AlertRendererOptions): void {
  const contextOf = (locale: AlertRenderContext["locale"], timeZone: string): AlertRenderContext => ({ locale, timeZone, ...options });

  broadcasts.register(ALERT_POST_TYPE, async ({ db, context, payload }) => {
    const { alertId } = payload as { alertId: number };
    const alert = await db.probeAlert.findUniqueOrThrow({ where: { id: alertId } });
    return renderAlert(contextOf(context.locale, context.timeZone), alert);
  });

  broadcasts.register(ALERT_NOTE_TYPE, async ({ db, context, payload }) => {
    const note = payload as AlertNote;
    const alert = await db.probeAlert.findUniqueOrThrow({ where: { id: note.alertId } });
    return renderAlertNote(contextOf(context.locale, context.timeZone), alert, note);
  });
}
