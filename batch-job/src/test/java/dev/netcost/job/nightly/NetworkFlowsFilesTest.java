package dev.netcost.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkFlowsFilesTest {
  @Test
  void aSmallDayIsOneFile() {
    assertThat(NightlyJob.networkFlowsFiles(0, 2)).isEqualTo(1);
    assertThat(NightlyJob.networkFlowsFiles(1, 2)).isEqualTo(1);
    assertThat(NightlyJob.networkFlowsFiles(499_999, 2)).isEqualTo(1);
  }

  @Test
  void aMillionRowsAreSpreadOverTheCoresWhileEachFileKeepsAQuarterMillion() {
    assertThat(NightlyJob.networkFlowsFiles(500_000, 2)).isEqualTo(2);
    assertThat(NightlyJob.networkFlowsFiles(998_221, 2)).isEqualTo(2);
    assertThat(NightlyJob.networkFlowsFiles(998_221, 8)).isEqualTo(3);
    assertThat(NightlyJob.networkFlowsFiles(998_221, 64)).isEqualTo(3);
  }

  @Test
  void aLargeDayHasAtMostFourMillionRowsPerFileInWholeRoundsOfTheCores() {
    assertThat(NightlyJob.networkFlowsFiles(8_000_000, 2)).isEqualTo(2);
    assertThat(NightlyJob.networkFlowsFiles(8_000_001, 2)).isEqualTo(4); // 3 by size
    assertThat(NightlyJob.networkFlowsFiles(10_203_749, 2)).isEqualTo(4);
    assertThat(NightlyJob.networkFlowsFiles(16_000_000, 2)).isEqualTo(4);
    assertThat(NightlyJob.networkFlowsFiles(16_000_001, 2)).isEqualTo(6); // 5 by size
    assertThat(NightlyJob.networkFlowsFiles(50_523_733, 2)).isEqualTo(14); // 13 by size
    assertThat(NightlyJob.networkFlowsFiles(50_523_733, 8)).isEqualTo(16);
    assertThat(NightlyJob.networkFlowsFiles(10_203_749, 16)).isEqualTo(16);
    assertThat(NightlyJob.networkFlowsFiles(10_203_749, 3)).isEqualTo(3);
  }
}
