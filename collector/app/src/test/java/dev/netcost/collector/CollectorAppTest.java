package dev.netcost.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.store.ObjectStoreProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The collector program carries both collectors and every store adapter. */
class CollectorAppTest {
  @Test
  void bothCollectorsAreSubcommandsOfCollect() {
    CommandLine root = CollectorMain.commandLine();
    assertThat(root.getSubcommands().get("collect").getSubcommands().keySet())
        .containsExactlyInAnyOrder("flows", "metadata");
  }

  @Test
  void aMalformedCommandLineIsBadInputInOneLine() {
    CommandLine root = CollectorMain.commandLine();
    StringWriter err = new StringWriter();
    root.setErr(new PrintWriter(err));
    assertThat(
            root.execute(
                "collect", "metadata", "--cluster=c1", "--store=/tmp/store", "--no-such-option"))
        .isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "error: Unknown option: '--no-such-option'; see 'netcost collect metadata --help'"
                + System.lineSeparator());
  }

  @Test
  void helpListsEachCollectorWithOneLine() {
    CommandLine root = CollectorMain.commandLine();
    StringWriter out = new StringWriter();
    root.setOut(new PrintWriter(out));
    assertThat(root.execute("collect", "--help")).isZero();
    assertThat(out.toString())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "Usage: netcost collect [-hV] [COMMAND]",
                "Run a collector: flows (conntrack) or metadata (Kubernetes API).",
                "  -h, --help      Show this help message and exit.",
                "  -V, --version   Print version information and exit.",
                "Commands:",
                "  flows     Measure this node's traffic from the kernel's conntrack table.",
                "  metadata  Snapshot who owns each IP address, from the Kubernetes API.",
                ""));
  }

  @Test
  void everyCloudSchemeHasItsAdapter() {
    java.util.Set<String> schemes = new java.util.TreeSet<>();
    for (ObjectStoreProvider provider : java.util.ServiceLoader.load(ObjectStoreProvider.class)) {
      schemes.addAll(provider.schemes());
    }
    assertThat(schemes).contains("s3", "gs", "abfss", "az");
  }
}
