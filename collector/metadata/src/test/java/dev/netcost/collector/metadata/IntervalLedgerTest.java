package dev.netcost.collector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.netcost.collector.metadata.IntervalLedger.Claim;
import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.Sentinels;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntervalLedgerTest {
  private static final Instant HOUR_10 = Instant.parse("2030-03-02T10:00:00Z");
  private static final Instant HOUR_11 = Instant.parse("2030-03-02T11:00:00Z");

  @Test
  void reconcileIsIdempotent() {
    IntervalLedger ledger = new IntervalLedger("prod-1");
    List<Claim> claims = List.of(claim(OwnerKind.POD, "10.0.0.1", "a", "10:00:05"));
    ledger.reconcile("a", claims, at("10:00:10"));
    ledger.reconcile("a", claims, at("10:00:20"));
    ledger.reconcile(
        "a", List.of(claim(OwnerKind.POD, "10.0.0.1", "a", "10:00:15")), at("10:00:30"));
    assertThat(ledger.intervals("10.0.0.1"))
        .extracting(OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(tuple(at("10:00:05"), Optional.empty()));
  }

  @Test
  void newPodOwnerCutsAStillOpenPreviousOwner() {
    IntervalLedger ledger = new IntervalLedger("prod-1");
    ledger.reconcile(
        "a", List.of(claim(OwnerKind.POD, "10.0.0.1", "a", "10:00:05")), at("10:00:05"));
    // b got the address at 10:20:00; a's deletion has not been seen yet
    ledger.reconcile(
        "b", List.of(claim(OwnerKind.POD, "10.0.0.1", "b", "10:20:00")), at("10:20:03"));
    ledger.closeOwner("a", at("10:20:09"));
    assertThat(ledger.intervals("10.0.0.1"))
        .extracting(
            OwnershipInterval::ownerUid, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(
            tuple("a", at("10:00:05"), Optional.of(at("10:20:00"))),
            tuple("b", at("10:20:00"), Optional.empty()));
  }

  @Test
  void nodeAndHostPodShareAnAddress() {
    IntervalLedger ledger = new IntervalLedger("prod-1");
    ledger.reconcile(
        "n", List.of(claim(OwnerKind.NODE, "10.0.1.5", "n", "09:00:00")), at("10:00:00"));
    ledger.reconcile(
        "h", List.of(claim(OwnerKind.HOST_POD, "10.0.1.5", "h", "10:00:01")), at("10:00:02"));
    ledger.reconcile(
        "h2", List.of(claim(OwnerKind.HOST_POD, "10.0.1.5", "h2", "10:00:01")), at("10:00:02"));
    assertThat(ledger.intervals("10.0.1.5"))
        .extracting(OwnershipInterval::ownerUid)
        .containsExactly("h", "h2", "n");
    assertThat(ledger.intervals("10.0.1.5")).allMatch(row -> row.validTo().isEmpty());
  }

  @Test
  void subSecondOwnerIsKeptAsOneSecond() {
    IntervalLedger ledger = new IntervalLedger("prod-1");
    ledger.reconcile(
        "a", List.of(claim(OwnerKind.POD, "10.0.0.1", "a", "10:00:05")), at("10:00:05"));
    ledger.closeOwner("a", at("10:00:05"));
    assertThat(ledger.intervals("10.0.0.1"))
        .extracting(OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(tuple(at("10:00:05"), Optional.of(at("10:00:06"))));
  }

  @Test
  void snapshotListsEveryIntervalOverlappingTheHourAndLateEnds() {
    IntervalLedger ledger = new IntervalLedger("prod-1");
    ledger.reconcile(
        "early", List.of(claim(OwnerKind.POD, "10.0.0.1", "early", "09:10:00")), at("09:10:00"));
    ledger.closeOwner("early", at("09:50:00"));
    ledger.reconcile(
        "spanning",
        List.of(claim(OwnerKind.POD, "10.0.0.2", "spanning", "09:30:00")),
        at("09:30:00"));
    ledger.reconcile(
        "short", List.of(claim(OwnerKind.POD, "10.0.0.3", "short", "10:10:00")), at("10:10:00"));
    ledger.closeOwner("short", at("10:10:30"));
    ledger.reconcile(
        "late", List.of(claim(OwnerKind.POD, "10.0.0.4", "late", "10:50:00")), at("10:50:00"));
    ledger.published(HOUR_10); // the 09:00 snapshot was written at 10:00:01
    ledger.reconcile(
        "next", List.of(claim(OwnerKind.POD, "10.0.0.5", "next", "11:00:00")), at("11:00:00"));

    assertThat(ledger.snapshot(HOUR_10, HOUR_11))
        .extracting(
            OwnershipInterval::ownerUid, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(
            tuple("spanning", at("09:30:00"), Optional.empty()),
            tuple("short", at("10:10:00"), Optional.of(at("10:10:30"))),
            tuple("late", at("10:50:00"), Optional.empty()));
    ledger.published(HOUR_11);

    // late's end (10:59:58) is seen after the 10:00 snapshot was written: the next one carries it
    ledger.closeOwner("late", at("10:59:58"));
    assertThat(ledger.snapshot(HOUR_11, HOUR_11.plusSeconds(3600)))
        .extracting(
            OwnershipInterval::ownerUid, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(
            tuple("spanning", at("09:30:00"), Optional.empty()),
            tuple("late", at("10:50:00"), Optional.of(at("10:59:58"))),
            tuple("next", at("11:00:00"), Optional.empty()));
    ledger.published(HOUR_11.plusSeconds(3600));
    assertThat(ledger.closedCount()).isZero();
  }

  private static Claim claim(OwnerKind kind, String ip, String uid, String time) {
    Owner owner =
        new Owner(
            kind,
            uid,
            Optional.of("ns"),
            Optional.of(uid),
            "Pod",
            uid,
            Sentinels.UNASSIGNED_TEAM,
            "{}",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    return new Claim(kind, ip, owner, at(time));
  }

  private static Instant at(String time) {
    return Instant.parse("2030-03-02T" + time + "Z");
  }
}
