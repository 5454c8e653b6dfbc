package dev.netcost.collector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.netcost.collector.metadata.ObjectStates.PodState;
import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.Sentinels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeamsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-03-02T14:00:00Z"));

  @Test
  void podLabelThenNamespaceLabelThenMappingThenUnassigned() {
    TeamResolver teams =
        new TeamResolver(
            Optional.of("owner-team"),
            Optional.of("team"),
            Map.of("legacy", "billing", "shop", "ignored"));
    ClusterModel model = new ClusterModel("prod-1", clock, teams);
    model.namespaceUpserted("shop", Map.of("team", "payments"));
    model.namespaceUpserted("legacy", Map.of());
    model.namespaceUpserted("sandbox", Map.of("team", " "));

    model.podUpserted(pod("uid-1", "shop", "cart", "10.3.0.1", Map.of()));
    model.podUpserted(pod("uid-2", "shop", "ml", "10.3.0.2", Map.of("owner-team", "research")));
    model.podUpserted(pod("uid-3", "legacy", "old", "10.3.0.3", Map.of()));
    model.podUpserted(pod("uid-4", "sandbox", "tmp", "10.3.0.4", Map.of()));
    model.podUpserted(pod("uid-5", "unknown-ns", "x", "10.3.0.5", Map.of()));

    assertThat(List.of("10.3.0.1", "10.3.0.2", "10.3.0.3", "10.3.0.4", "10.3.0.5"))
        .extracting(ip -> model.intervals(ip).get(0).team())
        .containsExactly(
            "payments",
            "research",
            "billing",
            Sentinels.UNASSIGNED_TEAM,
            Sentinels.UNASSIGNED_TEAM);
  }

  @Test
  void relabelledNamespaceSplitsItsPodsIntervals() {
    ClusterModel model = new ClusterModel("prod-1", clock, TeamResolver.defaults());
    model.namespaceUpserted("shop", Map.of("team", "payments"));
    model.podUpserted(pod("uid-1", "shop", "cart", "10.3.1.1", Map.of()));
    clock.set("2030-03-02T14:20:00Z");
    model.namespaceUpserted("shop", Map.of("team", "checkout"));
    // the same labels again (a resync) change nothing
    clock.set("2030-03-02T14:25:00Z");
    model.namespaceUpserted("shop", Map.of("team", "checkout"));

    assertThat(model.intervals("10.3.1.1"))
        .extracting(
            OwnershipInterval::team, OwnershipInterval::validFrom, OwnershipInterval::validTo)
        .containsExactly(
            tuple(
                "payments",
                Instant.parse("2030-03-02T13:59:00Z"),
                Optional.of(Instant.parse("2030-03-02T14:20:00Z"))),
            tuple("checkout", Instant.parse("2030-03-02T14:20:00Z"), Optional.empty()));
    assertThat(
            model
                .ownerAt("10.3.1.1", OwnerKind.POD, Instant.parse("2030-03-02T14:19:59Z"))
                .orElseThrow()
                .team())
        .isEqualTo("payments");
  }

  @Test
  void mappingFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("teams.txt");
    Files.writeString(file, "# namespace=team\n\nshop = payments\nlegacy=billing\n");
    assertThat(TeamResolver.readMapping(file))
        .isEqualTo(Map.of("shop", "payments", "legacy", "billing"));

    Files.writeString(file, "shop=payments\nlegacy billing\n");
    assertThatThrownBy(() -> TeamResolver.readMapping(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid team mapping in "
                + file
                + " line 2: expected namespace=team, got 'legacy billing'");

    Files.writeString(file, "shop=payments\n# again\nshop=checkout\n");
    assertThatThrownBy(() -> TeamResolver.readMapping(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid team mapping in "
                + file
                + " line 3: namespace 'shop' is already mapped to 'payments'");
  }

  static PodState pod(
      String uid, String namespace, String name, String ip, Map<String, String> labels) {
    return new PodState(
        uid,
        namespace,
        name,
        Optional.of("node-a"),
        false,
        List.of(ip),
        labels,
        Optional.empty(),
        false,
        Optional.of(Instant.parse("2030-03-02T13:59:00Z")),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }
}
