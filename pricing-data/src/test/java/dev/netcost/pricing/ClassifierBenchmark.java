package dev.netcost.pricing;

import dev.netcost.contract.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Not a test: run by bench/pricing-classifier.sh. Loads the real provider range files, then
 * classifies random IPv4/IPv6 peers with the {@link DestinationClassifier} (binary search over
 * flattened ranges) and, as the reference in the same run, with a linear scan over every prefix
 * (what a list-of-CIDRs implementation does), and checks both agree.
 */
public final class ClassifierBenchmark {
  private ClassifierBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/samples/ip-ranges");
    int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    long start = System.nanoTime();
    ProviderRanges ranges =
        ProviderRanges.builder()
            .load(dir.resolve("aws-ip-ranges.json"))
            .load(dir.resolve("gcp-cloud.json"))
            .load(dir.resolve("azure-service-tags.json"))
            .build();
    double loadSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("loaded %d distinct prefixes in %.2f s%n", ranges.size(), loadSeconds);

    // the reference: every prefix in a list, scanned per lookup
    List<IpPrefix> all = new ArrayList<>();
    for (String file : List.of("aws-ip-ranges.json", "gcp-cloud.json", "azure-service-tags.json")) {
      String text = Files.readString(dir.resolve(file));
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"([0-9a-fA-F:.]+/[0-9]+)\"").matcher(text);
      while (m.find()) {
        all.add(IpPrefix.parse(m.group(1)));
      }
    }

    Random random = new Random(42);
    List<byte[]> peers = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      byte[] address = new byte[random.nextInt(4) == 0 ? 16 : 4];
      random.nextBytes(address);
      if (address.length == 16) {
        address[0] =
            (byte) (0x20 | random.nextInt(2)); // 2000::/7, where the providers' v6 space is
        address[1] = (byte) 0x01;
        address[0] = (byte) 0x26;
      }
      peers.add(address);
    }
    DestinationClassifier classifier =
        new DestinationClassifier(ClassificationRules.none(), ranges);
    LocalEndpoint local = new LocalEndpoint("aws", "us-east-1", Optional.of("us-east-1a"));

    long sink = 0;
    for (int i = 0; i < 200_000; i++) { // warm-up
      sink += classifier.classify(local, peers.get(i % peers.size())).trafficClass().ordinal();
    }
    start = System.nanoTime();
    for (int i = 0; i < lookups; i++) {
      sink += classifier.classify(local, peers.get(i % peers.size())).trafficClass().ordinal();
    }
    double classifierNanos = (System.nanoTime() - start) / (double) lookups;

    int referenceLookups = 2_000;
    start = System.nanoTime();
    int agree = 0;
    for (int i = 0; i < referenceLookups; i++) {
      byte[] peer = peers.get(i % peers.size());
      IpPrefix best = null;
      for (IpPrefix prefix : all) {
        if (prefix.contains(peer) && (best == null || prefix.length() > best.length())) {
          best = prefix;
        }
      }
      Optional<CloudRange> fast = ranges.lookup(peer);
      if ((best == null && fast.isEmpty())
          || (best != null && fast.isPresent() && fast.get().prefix().equals(best.toString()))) {
        agree++;
      }
    }
    double referenceNanos = (System.nanoTime() - start) / (double) referenceLookups;
    System.out.printf(
        "classifier: %.0f ns per row (%d rows); linear-scan reference: %.0f ns per lookup over %d prefixes;"
            + " agreement %d/%d (sink %d)%n",
        classifierNanos, lookups, referenceNanos, all.size(), agree, referenceLookups, sink);
    if (agree != referenceLookups) {
      throw new AssertionError("classifier and reference disagree");
    }
  }
}
