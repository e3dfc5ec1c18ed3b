// Homepage-probe figures a caller may add to a weekly summary. The probe
// storage computes them, and the summary only renders what it is given.
import type { Tlp } from "../../bot/commands/types.ts";

export interface ProbeSectorFigures {
  /** Sector name in Japanese, as stored, e.g. 金融. */
  sector: string;
  /** English sector name, shown to English audiences when present. */
  sectorEn?: string;
  /** Probed homepages in the sector. */
  targets: number;
  /** Share of successful probes in the week, from 0 to 1. Absent when there were no probes. */
  availability?: number;
  /** Health alerts (a target turning degraded) in the week. */
  alerts: number;
}

export interface ProbeSection {
  /** Health alerts in the week, all sectors. */
  alerts: number;
  /** Correlated-degradation alerts opened in the week. */
  correlatedAlerts?: number;
  sectors: ProbeSectorFigures[];
  /** Label of the figures, which are shown only to audiences cleared for it. CLEAR when absent. */
  tlp?: Tlp;
}

/** Supplies the probe figures of a week, or undefined when there are none. */
export type ProbeSectionSource = (week: { start: Date; end: Date }) => Promise<ProbeSection | undefined>;
