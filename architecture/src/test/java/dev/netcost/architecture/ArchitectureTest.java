package dev.netcost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.Money;
import dev.netcost.contract.PrefixMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module structure as rules over the production classes of every module: lower layers never use
 * upper ones, cloud SDKs only in their adapters, Hadoop's FileSystem only in the Spark-support
 * module, one prefix and one money type.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.netcost");
  }

  @Test
  void everyModuleIsImported() {
    // a rule over an empty set passes: make sure each layer's classes are really here
    for (String module :
        new String[] {
          "dev.netcost.contract",
          "dev.netcost.store",
          "dev.netcost.store.s3",
          "dev.netcost.store.gcs",
          "dev.netcost.store.azure",
          "dev.netcost.pricing",
          "dev.netcost.billing",
          "dev.netcost.demo",
          "dev.netcost.collector.common",
          "dev.netcost.collector.flows",
          "dev.netcost.collector.metadata",
          "dev.netcost.spark",
          "dev.netcost.job",
          "dev.netcost.signals",
          "dev.netcost.report"
        }) {
      assertThat(classes.stream().filter(c -> c.getPackageName().equals(module)))
          .as(module)
          .isNotEmpty();
    }
  }

  @Test
  void contractIsTheBottomLayer() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.netcost.contract..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.netcost.store..",
                "dev.netcost.spark..",
                "dev.netcost.pricing..",
                "dev.netcost.billing..",
                "dev.netcost.collector..",
                "dev.netcost.job..",
                "dev.netcost.signals..",
                "dev.netcost.report.."));
  }

  @Test
  void storeUsesOnlyTheContract() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.netcost.store..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.netcost.spark..",
                "dev.netcost.pricing..",
                "dev.netcost.billing..",
                "dev.netcost.collector..",
                "dev.netcost.job..",
                "dev.netcost.signals..",
                "dev.netcost.report.."));
  }

  @Test
  void sparkSupportSitsOnTheContractOnly() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.netcost.spark..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.netcost.store..",
                "dev.netcost.pricing..",
                "dev.netcost.billing..",
                "dev.netcost.collector..",
                "dev.netcost.job..",
                "dev.netcost.signals..",
                "dev.netcost.report.."));
  }

  @Test
  void hadoopFileSystemOnlyInSparkSupport() {
    // one commit protocol and one way to the store for the Spark side: the job, signals and
    // reports reach the store through dev.netcost.spark (StoreFiles, TableWriter)
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.netcost.spark..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.apache.hadoop.fs.."));
  }

  @Test
  void pricingAndBillingKnowNothingOfCollectorsJobOrReports() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.netcost.pricing..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.netcost.store..",
                "dev.netcost.billing..",
                "dev.netcost.spark..",
                "dev.netcost.collector..",
                "dev.netcost.job..",
                "dev.netcost.signals..",
                "dev.netcost.report.."));
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.netcost.billing..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.netcost.spark..",
                "dev.netcost.collector..",
                "dev.netcost.job..",
                "dev.netcost.signals..",
                "dev.netcost.report.."));
  }

  @Test
  void collectorsNeverUseTheJob() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.netcost.collector..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.netcost.spark..",
                "dev.netcost.job..",
                "dev.netcost.signals..",
                "dev.netcost.report..")
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.spark..", "scala.."));
  }

  @Test
  void signalsAndReportsDoNotUseTheJob() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage("dev.netcost.signals..", "dev.netcost.report..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.netcost.job.."));
  }

  @Test
  void theDemoGeneratorIsNeverOnTheNightlyPath() {
    // the spark-submit jar leaves the demo module out: the job's nightly and attribution code, and
    // every module below the command line, must run without it
    check(
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.netcost.job.nightly..",
                "dev.netcost.job.attribution..",
                "dev.netcost.contract..",
                "dev.netcost.store..",
                "dev.netcost.pricing..",
                "dev.netcost.billing..",
                "dev.netcost.collector..",
                "dev.netcost.signals..",
                "dev.netcost.report..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.netcost.demo.."));
    // and the generator is plain Java on the contract: no Spark, no job
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.netcost.demo..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.netcost.job..",
                "dev.netcost.billing..",
                "dev.netcost.signals..",
                "dev.netcost.report..",
                "dev.netcost.collector..",
                "org.apache.spark..",
                "org.apache.hadoop..",
                "scala.."));
  }

  @Test
  void theGroundTruthIsPricedByTheGeneratorsOwnArithmetic() {
    // the generator is the tests' oracle: it looks rates up in the price book, but computes money
    // (per-GiB cost, the internet ladder, the largest-remainder split) with code of its own, so a
    // bug in the production arithmetic cannot hide in both
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.netcost.demo..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.netcost.contract.Money")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.netcost.pricing.TierAllocator")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.netcost.pricing.AttributionPolicy")
            .orShould()
            .callMethod("dev.netcost.pricing.TierSchedule", "cost", "long")
            .orShould()
            .callMethod("dev.netcost.pricing.TierSchedule", "exactCost", "java.math.BigDecimal")
            .orShould()
            .callMethod("dev.netcost.pricing.TierSchedule", "gib", "long"));
  }

  @Test
  void cloudSdksOnlyInTheirAdapters() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.netcost.store.s3..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("software.amazon.awssdk.."));
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.netcost.store.gcs..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.google.cloud..", "com.google.auth.."));
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.netcost.store.azure..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.azure.."));
  }

  @Test
  void kubernetesClientOnlyInTheCollectors() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.netcost.collector..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.fabric8.."));
  }

  /**
   * Names that say "a network prefix" or "a prefix lookup": ...Cidr / ...CIDR / ...Cidrs,
   * Ip...Prefix, ...IpPrefix, ...PrefixMap. Matched on the binary name, so nested classes ({@code
   * LocalEndpoints$Cidr}) count too.
   */
  static final ArchRule ONE_PREFIX_TYPE =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(IpPrefix.class.getName())
          .and()
          .doNotHaveFullyQualifiedName(PrefixMap.class.getName())
          .should()
          .haveNameMatching(
              ".*[.$]([A-Za-z0-9_]*(?i:cidrs?)|Ip[A-Za-z0-9_]*Prefix|[A-Za-z0-9_]*(IpPrefix|PrefixMap))")
          .because("IpPrefix and PrefixMap in contract are the one prefix type and prefix lookup");

  /** Names that say "money" or "a splitter": ...Money, Shares, LargestRemainder. */
  static final ArchRule ONE_MONEY_TYPE =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(Money.class.getName())
          .should()
          .haveNameMatching(".*[.$]([A-Za-z0-9_]*Money|Shares|LargestRemainder)")
          .because("contract Money holds the scale, the rounding, the GiB and the one apportion");

  @Test
  void onePrefixTypeAndOneMoneyType() {
    check(ONE_PREFIX_TYPE);
    check(ONE_MONEY_TYPE);
  }

  @Test
  void theNameRulesCatchSecondTypes() {
    // the rules over classes shaped like the copies that were removed: they must fail, naming each
    JavaClasses copies =
        new ClassFileImporter().importPackages("dev.netcost.architecture.fixtures");
    assertThat(ONE_PREFIX_TYPE.evaluate(copies).getFailureReport().getDetails())
        .hasSize(5)
        .anySatisfy(line -> assertThat(line).contains("fixtures.Cidr>"))
        .anySatisfy(line -> assertThat(line).contains("fixtures.LocalEndpoints$Cidr>"))
        .anySatisfy(line -> assertThat(line).contains("fixtures.PodCIDR>"))
        .anySatisfy(line -> assertThat(line).contains("fixtures.IpPrefix>"))
        .anySatisfy(line -> assertThat(line).contains("fixtures.PrefixMap>"));
    assertThat(ONE_MONEY_TYPE.evaluate(copies).getFailureReport().getDetails())
        .hasSize(3)
        .anySatisfy(line -> assertThat(line).contains("fixtures.Money>"))
        .anySatisfy(line -> assertThat(line).contains("fixtures.Shares>"))
        .anySatisfy(line -> assertThat(line).contains("fixtures.LargestRemainder>"));
  }

  @Test
  void oneFailureHandlerAndOneVersionForEveryProgram() {
    // the job and the collectors end their failures alike: contract's CommandLines installs the
    // handlers, nothing else does
    for (String method :
        new String[] {"setExecutionExceptionHandler", "setParameterExceptionHandler"}) {
      check(
          noClasses()
              .that()
              .doNotHaveFullyQualifiedName("dev.netcost.contract.cli.CommandLines")
              .should()
              .callMethodWhere(
                  com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                      com.tngtech.archunit.core.domain.properties.HasName.Predicates.name(method)))
              .as("only CommandLines sets picocli's " + method));
    }
    // picocli is not on this module's class path: its interface is known by name only
    String versionProvider = "picocli.CommandLine$IVersionProvider";
    String theVersion = "dev.netcost.contract.cli.CommandLines$Version";
    check(
        classes()
            .that()
            .haveFullyQualifiedName(theVersion)
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName(versionProvider));
    check(
        noClasses()
            .that()
            .doNotHaveFullyQualifiedName(theVersion)
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName(versionProvider)
            .as("-V prints BuildVersion through CommandLines.Version only"));
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }
}
