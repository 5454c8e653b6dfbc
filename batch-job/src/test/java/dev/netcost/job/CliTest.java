package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.billing.BillingProvider;
import dev.netcost.contract.BuildVersion;
import dev.netcost.pricing.AttributionPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line itself: what --help lists, how a bad value ends, the version, the aliases. */
class CliTest {
  private static final String NL = System.lineSeparator();

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    CommandLine line = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    int code = line.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryCommandWithOneLine() {
    Run help = run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.err()).isEmpty();
    assertThat(help.out())
        .isEqualTo(
            String.join(
                NL,
                "Usage: netcost [-hV] [COMMAND]",
                "Kubernetes network egress and network-cost chargeback.",
                "  -h, --help      Show this help message and exit.",
                "  -V, --version   Print version information and exit.",
                "Commands:",
                "  demo       Run netcost end to end on a week of a synthetic cluster.",
                "  generate   Write a synthetic cluster's snapshots and bill to a store.",
                "  nightly    Attribute, classify and price one date's traffic.",
                "  reconcile  Reconcile one date's network cost with the cloud bill.",
                "  report     Build a month's chargeback: table, report and finance exports.",
                "  collect    Run a collector: flows (conntrack) or metadata (Kubernetes API).",
                "  test       Run the tests (sets up the test tools, then mvn verify).",
                "",
                "Exit codes: 0 ok; 1 bad input or configuration; 2 an external system failed; 3",
                "internal error.",
                ""));
  }

  @Test
  void helpListsTheAllowedValuesOfEveryChoice() {
    // words as printed, whatever the line wrapping
    assertThat(words(run("nightly", "--help").out()))
        .contains(
            "--provider=PROVIDER The cluster's cloud: its price sheet, and the bill lines"
                + " reconciled: aws, gcp, azure, oci (default: aws).")
        .contains(
            "--attribution-policy=POLICY Who bears in-cluster transfer charges: sender_pays,"
                + " receiver_pays, split (default: sender_pays).")
        .contains("--billing-format=FORMAT Export format: cur, cur2, gcp, azure, focus (")
        .contains(
            "--max-broadcast-intervals=N Broadcast the day's ownership intervals to every task"
                + " while they are at most N (hourly copies counted once); beyond that, join them to"
                + " the flow rows in Spark (docs/nightly-job.md) (default: one interval per 4 KiB of"
                + " the maximum heap: "
                + dev.netcost.job.nightly.NightlyJob.Config.defaultMaxBroadcastIntervals()
                + " here).");
    assertThat(words(run("reconcile", "--help").out()))
        .contains("Export format: cur, cur2, gcp, azure, focus (");
    assertThat(words(run("report", "--help").out()))
        .contains(
            "--pdf=MODE PDF rendering with headless Chromium: IF_AVAILABLE, REQUIRED, SKIP"
                + " (default: IF_AVAILABLE).");
  }

  private static String words(String text) {
    return text.replaceAll("\\s+", " ");
  }

  @Test
  void aBadChoiceIsOneLineNamingTheValueAndTheAllowedOnes() {
    assertThat(run("nightly", "--date", "2026-11-01", "--provider", "AWS"))
        .isEqualTo(
            new Run(
                1,
                "",
                "error: Invalid value for option '--provider': 'AWS' is not a provider (expected"
                    + " aws, gcp, azure or oci); see 'netcost nightly --help'"
                    + NL));
    assertThat(run("reconcile", "--date", "2026-11-01", "--billing-format", "csv"))
        .isEqualTo(
            new Run(
                1,
                "",
                "error: Invalid value for option '--billing-format': 'csv' is not a billing"
                    + " format (expected cur, cur2, gcp, azure or focus); see 'netcost reconcile"
                    + " --help'"
                    + NL));
    assertThat(run("report", "--month", "2026-11", "--pdf", "always"))
        .isEqualTo(
            new Run(
                1,
                "",
                "error: Invalid value for option '--pdf': 'always' is not a PDF mode (expected"
                    + " IF_AVAILABLE, REQUIRED or SKIP); see 'netcost report --help'"
                    + NL));
    assertThat(run("nightlyy").err())
        .isEqualTo(
            "error: Unmatched argument at index 0: 'nightlyy' (did you mean nightly?); see"
                + " 'netcost --help'"
                + NL);
  }

  @Test
  void theSameSpellingsAsBeforeAreAccepted() {
    CommandLine line = Main.commandLine();
    NightlyCommand nightly =
        parse(
            line,
            "nightly",
            "--date",
            "2026-11-01",
            "--provider",
            "gcp",
            "--attribution-policy",
            "receiver_pays");
    assertThat(nightly.provider.provider).isEqualTo(BillingProvider.GCP);
    assertThat(nightly.provider.name()).isEqualTo("gcp");
    assertThat(nightly.attributionPolicy).isEqualTo(AttributionPolicy.RECEIVER_PAYS);
    NightlyCommand defaults = parse(Main.commandLine(), "nightly", "--date", "2026-11-01");
    assertThat(defaults.provider.name()).isEqualTo("aws");
    assertThat(defaults.attributionPolicy).isEqualTo(AttributionPolicy.SENDER_PAYS);
    assertThat(defaults.billing.format).isEqualTo(dev.netcost.billing.BillingFormat.AWS_CUR);
  }

  @Test
  void theVersionIsTheBuildsVersion() {
    assertThat(BuildVersion.version()).matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
    assertThat(run("-V")).isEqualTo(new Run(0, "netcost " + BuildVersion.version() + NL, ""));
    assertThat(run("--version"))
        .isEqualTo(new Run(0, "netcost " + BuildVersion.version() + NL, ""));
  }

  @Test
  void demoTakesStoreAndStillTheDeprecatedOut() {
    assertThat(parseDemo().directory()).isEqualTo(Path.of("netcost-demo"));
    assertThat(parseDemo("--store", "/tmp/a").directory()).isEqualTo(Path.of("/tmp/a"));
    assertThat(parseDemo("--out", "/tmp/b").directory()).isEqualTo(Path.of("/tmp/b"));
    assertThat(run("demo", "--help").out())
        .contains("--store=DIR")
        .contains("--out=DIR")
        .contains("Deprecated: the same as --store.");
  }

  @Test
  void theLauncherCommandsNameTheLauncher() {
    assertThat(run("collect", "flows", "--cluster", "c1"))
        .isEqualTo(
            new Run(
                1,
                "",
                "error: 'collect' is run by the ./netcost launcher, not by the job's program:"
                    + " ./netcost collect"
                    + NL));
  }

  private static DemoCommand parseDemo(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    return parse(Main.commandLine(), all);
  }

  @SuppressWarnings("unchecked")
  private static <T> T parse(CommandLine line, String... args) {
    CommandLine.ParseResult result = line.parseArgs(args);
    return (T) result.subcommand().commandSpec().userObject();
  }
}
