package dev.netcost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
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

  @Test
  void onePrefixTypeAndOneMoneyType() {
    check(
        classes()
            .that()
            .haveSimpleNameEndingWith("Prefix")
            .and()
            .haveSimpleNameStartingWith("Ip")
            .should()
            .resideInAPackage("dev.netcost.contract"));
    check(
        noClasses()
            .that()
            .haveSimpleName("PrefixMap")
            .should()
            .resideOutsideOfPackage("dev.netcost.contract"));
    // one splitter: contract Money.apportion
    check(noClasses().should().haveSimpleName("LargestRemainder"));
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }
}
