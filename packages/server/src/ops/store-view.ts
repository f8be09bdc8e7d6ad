// The store's samples as the TelemetryView that alert rules, headroom and plan versus actual
// read: the series of a metric in a project, filtered by label matchers.
import { matchesLabels, type LabelMatcher, type Series, type TelemetryView } from '@aidc/ops';
import type { OpsStore } from '@aidc/store';

export class StoreTelemetryView implements TelemetryView {
  constructor(
    private readonly ops: OpsStore,
    private readonly projectId: string,
  ) {}

  async series(
    metric: string,
    matchers: readonly LabelMatcher[],
    sinceMs: number,
    untilMs: number,
  ): Promise<readonly Series[]> {
    const all = await this.ops.seriesOf(this.projectId, metric, sinceMs, untilMs);
    return all
      .filter((s) => matchesLabels(s.labels, matchers))
      .map((s) => ({ metric: s.metric, labels: s.labels, points: s.points }));
  }
}
