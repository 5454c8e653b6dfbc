package dev.netcost.collector.flows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCommandsTest {
  private final HostCommands host = new HostCommands(List.of());

  /**
   * Sysctl files report size 0 and answer only reads from offset 0: read whole, as {@code cat}
   * reads them (Files.readString read nf_conntrack_count 262144 as "2").
   */
  @Test
  void sysctlFilesAreReadWhole() throws IOException {
    Path pidMax = Path.of("/proc/sys/kernel/pid_max");
    assertThat(Files.size(pidMax)).isZero();
    String expected = host.run(List.of("cat", pidMax.toString()));
    assertThat(expected.strip()).hasSizeGreaterThan(1); // 32768 or more: more than one digit
    assertThat(host.read(pidMax)).isEqualTo(expected);
    Path conntrackMax = Path.of("/proc/sys/net/netfilter/nf_conntrack_max");
    if (Files.exists(conntrackMax)) { // with the nf_conntrack module loaded (the kernel tests)
      assertThat(host.read(conntrackMax))
          .isEqualTo(host.run(List.of("cat", conntrackMax.toString())));
    }
  }

  @Test
  void aFileTooLargeForASysctlIsAnError(@TempDir Path directory) throws IOException {
    Path small = directory.resolve("small");
    Files.writeString(small, "262144\n", UTF_8);
    assertThat(host.read(small)).isEqualTo("262144\n");
    Path large = directory.resolve("large");
    Files.writeString(large, "1".repeat(HostCommands.SMALL_FILE_BYTES), UTF_8);
    assertThatThrownBy(() -> host.read(large))
        .isInstanceOf(IOException.class)
        .hasMessage(large + " is not a small file (4096 bytes or more)");
  }
}
