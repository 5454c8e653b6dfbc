package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class CronScheduleTest {
  @Test
  void dailyAtTwoThirty() {
    CronSchedule schedule = CronSchedule.parse("30 2 * * *");
    assertThat(schedule.matches(LocalDateTime.of(2026, 3, 1, 2, 30))).isTrue();
    assertThat(schedule.matches(LocalDateTime.of(2026, 12, 31, 2, 30))).isTrue();
    assertThat(schedule.matches(LocalDateTime.of(2026, 3, 1, 2, 31))).isFalse();
    assertThat(schedule.matches(LocalDateTime.of(2026, 3, 1, 14, 30))).isFalse();
  }

  @Test
  void firstOfTheMonth() {
    CronSchedule schedule = CronSchedule.parse("0 7 1 * *");
    assertThat(schedule.matches(LocalDateTime.of(2026, 2, 1, 7, 0))).isTrue();
    assertThat(schedule.matches(LocalDateTime.of(2026, 2, 2, 7, 0))).isFalse();
    assertThat(schedule.matches(LocalDateTime.of(2026, 2, 1, 7, 1))).isFalse();
  }

  @Test
  void listsRangesStepsAndNames() {
    CronSchedule schedule = CronSchedule.parse("*/15 9-17 * JAN-MAR,DEC mon-fri");
    // 2026-01-05 is a Monday
    assertThat(schedule.matches(LocalDateTime.of(2026, 1, 5, 9, 45))).isTrue();
    assertThat(schedule.matches(LocalDateTime.of(2026, 1, 5, 9, 46))).isFalse();
    assertThat(schedule.matches(LocalDateTime.of(2026, 1, 4, 9, 45))).isFalse();
    assertThat(schedule.matches(LocalDateTime.of(2026, 4, 6, 9, 45))).isFalse();
    assertThat(schedule.matches(LocalDateTime.of(2026, 12, 7, 17, 0))).isTrue();
  }

  @Test
  void bothDayFieldsRestrictedMeansEither() {
    // the 13th, or any Friday
    CronSchedule schedule = CronSchedule.parse("0 0 13 * 5");
    assertThat(schedule.matches(LocalDateTime.of(2026, 1, 13, 0, 0))).isTrue(); // a Tuesday
    assertThat(schedule.matches(LocalDateTime.of(2026, 1, 16, 0, 0))).isTrue(); // a Friday
    assertThat(schedule.matches(LocalDateTime.of(2026, 1, 14, 0, 0))).isFalse();
  }

  @Test
  void descriptorsAndQuestionMark() {
    assertThat(CronSchedule.parse("@monthly").matches(LocalDateTime.of(2026, 5, 1, 0, 0))).isTrue();
    assertThat(CronSchedule.parse("@daily").matches(LocalDateTime.of(2026, 5, 9, 0, 1))).isFalse();
    assertThat(CronSchedule.parse("0 3 ? * SUN").matches(LocalDateTime.of(2026, 5, 10, 3, 0)))
        .isTrue();
    assertThat(CronSchedule.parse("5/20 * * * *").matches(LocalDateTime.of(2026, 5, 10, 3, 45)))
        .isTrue();
    assertThat(CronSchedule.parse("5/20 * * * *").matches(LocalDateTime.of(2026, 5, 10, 3, 0)))
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "61 2 * * *|minute 61 is outside 0-59",
        "30 24 * * *|hour 24 is outside 0-23",
        "0 0 0 * *|day of month 0 is outside 1-31",
        "0 0 1 13 *|month 13 is outside 1-12",
        "0 0 * * 7|day of week 7 is outside 0-6",
        "30 2 * *|expected 5 fields, found 4",
        "30 2 * * * *|expected 5 fields, found 6",
        "*/0 * * * *|minute step must be at least 1: '*/0'",
        "30 5-2 * * *|hour range 5-2 runs backwards",
        "x 2 * * *|minute value is not a number: 'x'",
        "1,,2 2 * * *|minute has an empty list element in '1,,2'",
        "? 2 * * *|minute value is not a number: '?'",
        "0 0 * FOO *|month value is not a number: 'FOO'",
        "@fortnightly|unknown descriptor @fortnightly",
        "TZ=UTC 30 2 * * *|a time zone in the schedule is not allowed; use spec.timeZone",
        "CRON_TZ=Europe/Paris 30 2 * * *|a time zone in the schedule is not allowed; use spec.timeZone",
      })
  void invalidSchedulesNameTheProblem(String expression, String reason) {
    assertThatThrownBy(() -> CronSchedule.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid cron schedule '" + expression + "': " + reason);
  }

  @Test
  void emptyScheduleIsInvalid() {
    assertThatThrownBy(() -> CronSchedule.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid cron schedule ' ': expected 5 fields, found 0");
  }
}
