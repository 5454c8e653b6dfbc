package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The image build files, checked without a Docker engine: multi-stage builds from pinned bases,
 * non-root users, the conntrack tool in the collector image, the launcher as entry point, and no
 * drift between the Dockerfiles, the Jib configuration, the manifests and the root pom.
 */
final class ImageTest {
  private static final Pattern PINNED_BASE = Pattern.compile("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*");

  private final Path docker = Paths.repository().resolve("docker");

  @Test
  void everyManifestImageHasABuild() {
    Set<String> manifestImages =
        Workload.of(Sources.load()).stream()
            .flatMap(w -> w.pod().getContainers().stream())
            .map(c -> c.getImage().substring(0, c.getImage().lastIndexOf(':')))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(manifestImages)
        .containsExactly(
            "ghcr.io/netcost/netcost-collector",
            "ghcr.io/netcost/netcost-job",
            "ghcr.io/netcost/netcost-job-spark");
    for (String image : manifestImages) {
      String name = image.substring("ghcr.io/netcost/netcost-".length());
      Path dockerfile = docker.resolve(name + ".Dockerfile");
      assertThat(dockerfile).exists();
      // the build command in the file's header tags the image the manifests run
      assertThat(dockerfile).content().contains("-t " + image + ":0.1.0 ");
      assertThat(docker.resolve(name + ".Dockerfile.dockerignore"))
          .content()
          .contains("**/target/");
    }
  }

  @Test
  void multiStageBuildsFromPinnedBases() {
    Map<String, List<String>> bases =
        Map.of(
            "collector",
                List.of("maven:3.9.9-eclipse-temurin-17", "eclipse-temurin:17.0.15_6-jre-noble"),
            "job", List.of("maven:3.9.9-eclipse-temurin-17", "eclipse-temurin:17.0.15_6-jre-noble"),
            "job-spark",
                List.of(
                    "maven:3.9.9-eclipse-temurin-17", "apache/spark:4.1.1-scala2.13-java17-ubuntu"),
            "collector-base", List.of("eclipse-temurin:17.0.15_6-jre-noble"));
    for (Map.Entry<String, List<String>> entry : bases.entrySet()) {
      Dockerfile dockerfile = Dockerfile.read(docker.resolve(entry.getKey() + ".Dockerfile"));
      assertThat(dockerfile.baseImages())
          .as(entry.getKey())
          .containsExactlyElementsOf(entry.getValue());
      assertThat(dockerfile.baseImages()).allMatch(image -> PINNED_BASE.matcher(image).matches());
    }
  }

  @Test
  void finalStagesRunAsNonRootUsers() {
    assertThat(Dockerfile.read(docker.resolve("collector.Dockerfile")).lastInFinalStage("USER"))
        .isEqualTo("10001:10001");
    assertThat(Dockerfile.read(docker.resolve("job.Dockerfile")).lastInFinalStage("USER"))
        .isEqualTo("10001:10001");
    assertThat(
            Dockerfile.read(docker.resolve("collector-base.Dockerfile")).lastInFinalStage("USER"))
        .isEqualTo("10001:10001");
    // the Spark image's own user
    assertThat(Dockerfile.read(docker.resolve("job-spark.Dockerfile")).lastInFinalStage("USER"))
        .isEqualTo("185");
  }

  @Test
  void collectorImagesCarryConntrack() {
    for (String name : List.of("collector", "collector-base")) {
      List<String> runs =
          Dockerfile.read(docker.resolve(name + ".Dockerfile")).finalStage().stream()
              .filter(i -> i.keyword().equals("RUN"))
              .map(Dockerfile.Instruction::arguments)
              .toList();
      assertThat(runs)
          .anyMatch(run -> run.contains("apt-get install -y --no-install-recommends conntrack "));
    }
  }

  @Test
  void launcherIsTheEntryPointAndTheMainClassAgreesEverywhere() throws Exception {
    Dockerfile collector = Dockerfile.read(docker.resolve("collector.Dockerfile"));
    Dockerfile job = Dockerfile.read(docker.resolve("job.Dockerfile"));
    for (Dockerfile dockerfile : List.of(collector, job)) {
      assertThat(dockerfile.lastInFinalStage("ENTRYPOINT"))
          .isEqualTo("[\"/usr/local/bin/netcost\"]");
      assertThat(dockerfile.lastInFinalStage("COPY"))
          .isEqualTo("--chmod=0755 docker/rootfs/usr/local/bin/netcost /usr/local/bin/netcost");
    }
    var jib = pom(docker.resolve("jib/pom.xml"));
    ScheduledSparkApplication spark =
        Sources.find(Sources.load(), "ScheduledSparkApplication netcost/netcost-nightly")
            .as(ScheduledSparkApplication.class);
    assertThat(collector.finalStageArg("MAIN_CLASS"))
        .isEqualTo(property(jib, "netcost.collector.main.class"))
        .isEqualTo("dev.netcost.collector.CollectorMain");
    assertThat(job.finalStageArg("MAIN_CLASS"))
        .isEqualTo(property(jib, "netcost.job.main.class"))
        .isEqualTo(spark.spec().template().mainClass())
        .isEqualTo("dev.netcost.job.Main");
  }

  @Test
  void everyJobJvmReadsTheOneJvmOptionsFile() throws Exception {
    Path repository = Paths.repository();
    String options = Files.readString(repository.resolve("conf/jvm/job.options"));
    assertThat(options.lines().filter(line -> !line.isBlank() && !line.startsWith("#")))
        .contains(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true")
        // the incubator module prints a warning on every run and nothing uses it
        .noneMatch(line -> line.contains("jdk.incubator"));

    // the images: the file copied in, the launcher's NETCOST_JVM_OPTIONS names it
    String inImage = "@/opt/netcost/conf/jvm/job.options";
    Dockerfile job = Dockerfile.read(docker.resolve("job.Dockerfile"));
    assertThat(job.finalStage())
        .filteredOn(instruction -> instruction.keyword().equals("COPY"))
        .extracting(Dockerfile.Instruction::arguments)
        .contains("conf/jvm/job.options /opt/netcost/conf/jvm/job.options");
    Matcher matcher =
        Pattern.compile("NETCOST_JVM_OPTIONS=\"([^\"]*)\"").matcher(job.lastInFinalStage("ENV"));
    assertThat(matcher.find()).isTrue();
    assertThat(matcher.group(1)).isEqualTo(inImage);
    Document jib = pom(docker.resolve("jib/job/pom.xml"));
    assertThat(jib.getElementsByTagName("NETCOST_JVM_OPTIONS").item(0).getTextContent().strip())
        .isEqualTo(inImage);
    assertThat(jib.getElementsByTagName("from").item(1).getTextContent().strip())
        .isEqualTo("${project.basedir}/../../../conf/jvm");
    assertThat(jib.getElementsByTagName("into").item(0).getTextContent().strip())
        .isEqualTo("/opt/netcost/conf/jvm");

    // ./netcost, the Spark modules' test JVMs and the benchmark script
    assertThat(Files.readString(repository.resolve("netcost")))
        .contains("\"@$here/conf/jvm/job.options\"")
        .doesNotContain("--add-opens");
    for (String module : List.of("batch-job", "batch-job-cloud", "signals", "reporting")) {
      assertThat(Files.readString(repository.resolve(module).resolve("pom.xml")))
          .as(module)
          .containsPattern(
              "<argLine>-Xmx\\dg @\\$\\{project.basedir}/../conf/jvm/job.options</argLine>")
          .doesNotContain("--add-opens");
    }
    assertThat(Files.readString(repository.resolve("pom.xml"))).doesNotContain("--add-opens");
    // the benchmark scripts: nightly-common.sh's job_classpath sets it for the job's JVMs
    assertThat(Files.readString(repository.resolve("bench/nightly-common.sh")))
        .contains("jvm_options=\"@$here/conf/jvm/job.options\"");
    for (String script : List.of("bench/nightly-vs-duckdb.sh", "bench/spark-floor.sh")) {
      assertThat(Files.readString(repository.resolve(script)))
          .contains("source \"$here/bench/nightly-common.sh\"\njob_classpath \"$here\"");
    }
  }

  @Test
  void jibBuildsTheImagesTheManifestsRun() throws Exception {
    Document parent = pom(docker.resolve("jib/pom.xml"));
    String registry = property(parent, "netcost.image.registry");
    String tag = property(parent, "netcost.image.tag");
    assertThat(jibTarget(docker.resolve("jib/collector/pom.xml"), registry, tag))
        .isEqualTo("ghcr.io/netcost/netcost-collector:0.1.0");
    assertThat(jibTarget(docker.resolve("jib/job/pom.xml"), registry, tag))
        .isEqualTo("ghcr.io/netcost/netcost-job:0.1.0");
    // the same tag as the manifests pin
    assertThat(Files.readString(Paths.k8s().resolve("base/kustomization.yaml")))
        .contains("newTag: " + tag);
    // normal builds never run Jib: the root pom skips it, only the image modules turn it on
    assertThat(pluginSkip(pom(Paths.repository().resolve("pom.xml")))).isEqualTo("true");
    assertThat(pluginSkip(parent)).isEqualTo("false");
  }

  /**
   * The Spark image's build stage copies exactly the plain job jar to netcost-batch-job.jar (the
   * spark-submit jar beside it in batch-job/target bundles classes the copied dependency jars hold
   * already): its shell steps after the Maven build, run in a directory holding both jars.
   */
  @Test
  void sparkImageCopiesThePlainJobJarAsTheApplicationJar(@TempDir Path dir) throws IOException {
    String run =
        Dockerfile.read(docker.resolve("job-spark.Dockerfile")).instructions().stream()
            .filter(i -> i.keyword().equals("RUN") && i.arguments().contains("netcost-batch-job"))
            .map(Dockerfile.Instruction::arguments)
            .collect(
                java.util.stream.Collectors.collectingAndThen(
                    java.util.stream.Collectors.toList(),
                    list -> {
                      assertThat(list).hasSize(1);
                      return list.get(0);
                    }));
    List<String> steps =
        java.util.Arrays.stream(run.split(" && ")).filter(step -> !step.contains("mvn ")).toList();
    assertThat(steps).hasSize(1);
    Path target = Files.createDirectories(dir.resolve("batch-job/target"));
    Files.writeString(target.resolve("netcost-batch-job-0.1.0-SNAPSHOT.jar"), "plain");
    Files.writeString(target.resolve("netcost-batch-job-0.1.0-SNAPSHOT-spark.jar"), "spark-submit");
    Files.createDirectories(dir.resolve("out/libs"));
    String script = steps.get(0).replace("/out/", dir.resolve("out") + "/");
    Shell.Result result =
        Shell.run(
            List.of("/bin/sh", "-c", "cd '" + dir + "' && " + script),
            Map.of("PATH", "/usr/bin:/bin"));
    assertThat(result.stderr()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(dir.resolve("out/libs/netcost-batch-job.jar")).hasContent("plain");
    try (var files = Files.list(dir.resolve("out/libs"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("netcost-batch-job.jar");
    }
  }

  @Test
  void dockerfileParserNamesItsErrors(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.Dockerfile");
    Files.writeString(file, "ARG A=x\nFROM ${B}\n");
    assertThatThrownBy(() -> Dockerfile.read(file).baseImages())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + " line 2: FROM uses undeclared ARG B");
    Files.writeString(file, "FROM x:1\nRUN a \\\n");
    assertThatThrownBy(() -> Dockerfile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": ends inside a continued instruction");
  }

  private static String jibTarget(Path pom, String registry, String tag) throws Exception {
    Element to = (Element) pom(pom).getElementsByTagName("to").item(0);
    return to.getElementsByTagName("image")
        .item(0)
        .getTextContent()
        .strip()
        .replace("${netcost.image.registry}", registry)
        .replace("${netcost.image.tag}", tag);
  }

  private static String pluginSkip(Document pom) {
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (plugin
          .getElementsByTagName("artifactId")
          .item(0)
          .getTextContent()
          .equals("jib-maven-plugin")) {
        return plugin.getElementsByTagName("skip").item(0).getTextContent().strip();
      }
    }
    throw new AssertionError("no jib-maven-plugin");
  }

  private static Document pom(Path path) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(path.toFile());
  }

  private static String property(Document pom, String name) {
    NodeList properties = pom.getElementsByTagName("properties");
    for (int i = 0; i < properties.getLength(); i++) {
      NodeList values = ((Element) properties.item(i)).getElementsByTagName(name);
      if (values.getLength() > 0) {
        return values.item(0).getTextContent().strip();
      }
    }
    throw new AssertionError("no property " + name);
  }
}
