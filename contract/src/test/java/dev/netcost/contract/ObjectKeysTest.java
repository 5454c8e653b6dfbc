package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {
  private static final Instant START = Instant.parse("2026-11-01T07:01:00Z");

  @Test
  void theWritersKeysParseBack() {
    assertThat(ObjectKeys.parseFlowKey("s3://b/p/" + ObjectKeys.flowSnapshot("c1", "n1", START, 1)))
        .contains(
            new ObjectKeys.SnapshotKey(
                SnapshotFormat.FLOWS,
                "c1",
                LocalDate.parse("2026-11-01"),
                7,
                Optional.of("n1"),
                START,
                1));
    Instant hour = Instant.parse("2026-11-01T23:00:00Z");
    assertThat(ObjectKeys.parseMetadataKey(ObjectKeys.metadataSnapshot("c1", hour, 0)))
        .contains(
            new ObjectKeys.SnapshotKey(
                SnapshotFormat.METADATA,
                "c1",
                LocalDate.parse("2026-11-01"),
                23,
                Optional.empty(),
                hour,
                0));
  }

  @Test
  void keysThatMatchThePatternButNotTheLayoutDoNotParse() {
    String flows = "flows/cluster=c1/date=%s/hour=%s/node=n1/%s-0000.parquet";
    // the name's time is not a time
    assertThat(ObjectKeys.parseFlowKey(flows.formatted("2026-11-01", "07", "20261301T070000Z")))
        .isEmpty();
    assertThat(ObjectKeys.parseFlowKey(flows.formatted("2026-11-01", "07", "20261101T250000Z")))
        .isEmpty();
    // the partition's date is not a date
    assertThat(ObjectKeys.parseFlowKey(flows.formatted("2026-11-31", "07", "20261101T070000Z")))
        .isEmpty();
    // the name's window is in another hour, another date, or hour=24
    assertThat(ObjectKeys.parseFlowKey(flows.formatted("2026-11-01", "05", "20261101T070000Z")))
        .isEmpty();
    assertThat(ObjectKeys.parseFlowKey(flows.formatted("2026-11-01", "07", "20261102T070000Z")))
        .isEmpty();
    assertThat(ObjectKeys.parseFlowKey(flows.formatted("2026-11-01", "24", "20261102T000000Z")))
        .isEmpty();
    assertThat(
            ObjectKeys.parseMetadataKey(
                "metadata/cluster=c1/date=2026-11-01/hour=06/20261101T070000Z-0000.parquet"))
        .isEmpty();
    // the same keys with the times in agreement parse
    assertThat(ObjectKeys.parseFlowKey(flows.formatted("2026-11-01", "07", "20261101T075959Z")))
        .isPresent();
  }
}
