package dev.netcost.job;

import dev.netcost.demo.BillGenerator;
import dev.netcost.demo.ClusterGenerator;
import dev.netcost.pricing.PriceBook;
import dev.netcost.store.ObjectStore;
import dev.netcost.store.ObjectStores;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic cluster's snapshots and bill to a store.",
      "Flow and metadata snapshots in the collectors' formats, the ground truth per day, team,"
          + " namespace, workload and traffic class, and a synthetic AWS bill of the same traffic."
    })
final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions.Store store;

  @Option(
      names = "--days",
      description = "Number of days (default: ${DEFAULT-VALUE}).",
      defaultValue = "7")
  int days;

  @Option(
      names = "--start",
      description = "First day, UTC (default: ${DEFAULT-VALUE}).",
      defaultValue = "2026-11-01")
  LocalDate start;

  @Option(
      names = "--cluster",
      description = "Cluster name (default: ${DEFAULT-VALUE}).",
      defaultValue = "demo")
  String cluster;

  @Option(
      names = "--seed",
      description = "Random seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "20261101")
  long seed;

  @Option(
      names = "--internet-clients",
      description =
          "Internet clients per ingress pod and hour; scales the row count (default: ${DEFAULT-VALUE}).",
      defaultValue = "30")
  int internetClients;

  @Option(
      names = "--nodes",
      description =
          "Nodes in the cluster, at least 24; each writes one flow snapshot an hour (default: ${DEFAULT-VALUE}).",
      defaultValue = "24")
  int nodes;

  @Option(
      names = "--pods-per-node",
      description =
          "Scale mode: application pods per node, each with one in-cluster call and"
              + " --internet-clients internet peers an hour, so a day has about"
              + " nodes x 24 x pods-per-node x (internet-clients + 2) flow rows (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  int podsPerNode;

  @Override
  public Integer call() throws Exception {
    DemoModule.require("generate");
    ClusterGenerator generator =
        new ClusterGenerator(
            new ClusterGenerator.Options(
                cluster, start, days, seed, internetClients, nodes, podsPerNode),
            PriceBook.bundled());
    try (ObjectStore target = ObjectStores.open(store.store)) {
      long started = System.nanoTime();
      ClusterGenerator.Result result =
          generator.generate(
              target,
              day ->
                  System.out.printf(
                      "generating day %d of %d (%s)%n", day + 1, days, start.plusDays(day)));
      System.out.printf(
          "wrote %,d flow rows in %,d flow snapshots and %,d metadata snapshots to %s in %.1f s%n",
          result.flowRows(),
          result.flowSnapshots(),
          result.metadataSnapshots(),
          target.root(),
          (System.nanoTime() - started) / 1e9);
      // the same traffic as a synthetic AWS bill, for ./netcost reconcile
      for (String key :
          BillGenerator.write(target, generator.billUsage(), BillGenerator.Options.demo())) {
        System.out.printf("wrote a synthetic AWS bill (legacy CUR): %s%n", key);
      }
    }
    return 0;
  }
}
