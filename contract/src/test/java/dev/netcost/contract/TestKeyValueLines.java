package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestKeyValueLines {
  @TempDir Path directory;

  @Test
  void keysValuesCommentsBlankLinesAndNumbers() {
    assertThat(
            KeyValueLines.parse(
                "\uFEFF# settings\r\n"
                    + "warmup.days = 5\r\n"
                    + "\r\n"
                    + "   # indented comment\n"
                    + "  url=https://h.example/x?a=b#frag  \n"
                    + "suppress = kind=x reason=a = b\r"
                    + "empty.value =\n"
                    + "no separator here\n"
                    + "= no key\n"
                    + "\t\n"
                    + "last = line without end"))
        .containsExactly(
            new KeyValueLines.Line(2, "warmup.days = 5", "warmup.days", "5"),
            new KeyValueLines.Line(
                5, "url=https://h.example/x?a=b#frag", "url", "https://h.example/x?a=b#frag"),
            new KeyValueLines.Line(
                6, "suppress = kind=x reason=a = b", "suppress", "kind=x reason=a = b"),
            new KeyValueLines.Line(7, "empty.value =", "empty.value", ""),
            new KeyValueLines.Line(8, "no separator here", "", ""),
            new KeyValueLines.Line(9, "= no key", "", "no key"),
            new KeyValueLines.Line(11, "last = line without end", "last", "line without end"));
    assertThat(KeyValueLines.parse("a = 1").get(0).hasKey()).isTrue();
    assertThat(KeyValueLines.parse("= 1").get(0).hasKey()).isFalse();
    assertThat(KeyValueLines.parse("")).isEmpty();
  }

  @Test
  void readsAFileAsUtf8() throws Exception {
    Path file = directory.resolve("teams.txt");
    Files.writeString(file, "zürich = équipe\n", StandardCharsets.UTF_8);
    assertThat(KeyValueLines.read(file))
        .containsExactly(new KeyValueLines.Line(1, "zürich = équipe", "zürich", "équipe"));
  }
}
