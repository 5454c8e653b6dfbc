package dev.netcost.collector.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CollectMetadataCommandTest {
  @Test
  void rejectsBadArgumentsBeforeConnecting(@TempDir Path dir) throws Exception {
    assertThat(run("--cluster", "Prod_1", "--store", dir.toString()))
        .isEqualTo(CollectMetadataCommand.USAGE_ERROR);
    Path mapping = dir.resolve("teams.txt");
    Files.writeString(mapping, "shop\n");
    assertThat(
            run(
                "--cluster",
                "prod-1",
                "--store",
                dir.toString(),
                "--team-mapping",
                mapping.toString()))
        .isEqualTo(CollectMetadataCommand.USAGE_ERROR);
    assertThat(
            run(
                "--cluster",
                "prod-1",
                "--store",
                dir.toString(),
                "--leader-election",
                "--identity",
                ""))
        .isEqualTo(CollectMetadataCommand.USAGE_ERROR);
  }

  @Test
  void usageNamesTheOptions() {
    StringWriter out = new StringWriter();
    new CommandLine(new CollectMetadataCommand()).usage(new PrintWriter(out));
    assertThat(out.toString())
        .contains(
            "--cluster=<cluster>",
            "--store=<store>",
            "--team-namespace-label",
            "--team-pod-label",
            "--team-mapping",
            "--leader-election",
            "--lease-namespace");
  }

  private static int run(String... args) {
    return new CommandLine(new CollectMetadataCommand()).execute(args);
  }
}
