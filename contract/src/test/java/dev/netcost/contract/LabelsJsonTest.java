package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** labels_json: one writer for the metadata snapshotter and the demo generator. */
class LabelsJsonTest {
  @Test
  void aCompactObjectWithSortedKeys() {
    assertThat(LabelsJson.of(Map.of())).isEqualTo("{}");
    assertThat(
            LabelsJson.of(
                Map.of(
                    "topology.kubernetes.io/zone", "us-east-1a",
                    "node.kubernetes.io/instance-type", "m6i.2xlarge")))
        .isEqualTo(
            "{\"node.kubernetes.io/instance-type\":\"m6i.2xlarge\","
                + "\"topology.kubernetes.io/zone\":\"us-east-1a\"}");
  }

  @Test
  void quotesBackslashesAndControlCharactersAreEscapedOtherTextIsKept() {
    assertThat(LabelsJson.of(Map.of("b", "say \"hi\"\n", "a", "x\\y", "c", "\u0001")))
        .isEqualTo("{\"a\":\"x\\\\y\",\"b\":\"say \\\"hi\\\"\\n\",\"c\":\"\\u0001\"}");
    assertThat(
            LabelsJson.of(
                Map.of("app.kubernetes.io/name", "web, api", "z", "Zürich\tÅ", "k", "a\r\nb")))
        .isEqualTo(
            "{\"app.kubernetes.io/name\":\"web, api\",\"k\":\"a\\r\\nb\",\"z\":\"Zürich\\tÅ\"}");
    assertThat(LabelsJson.of(Map.of("note", "say \"hi\"\\\n")))
        .isEqualTo("{\"note\":\"say \\\"hi\\\"\\\\\\n\"}");
  }
}
