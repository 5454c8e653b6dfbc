package dev.netcost.job.cloud;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java program run as a child process of the test, its output in a log file. Closing it closes
 * its standard input and ends it. Deadlines here only bound how long a broken run can hang; no
 * assertion depends on time.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final OutputStream stdin;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stdin = process.getOutputStream();
  }

  /** The test's own class path: the module's test scope (written by the build) and its classes. */
  static List<String> testClasspath() throws IOException {
    String file =
        requireNonNull(System.getProperty("netcost.test.classpath"), "netcost.test.classpath");
    List<String> entries = new ArrayList<>();
    entries.add(Path.of(workDirectory(), "test-classes").toString());
    entries.addAll(
        Arrays.asList(Files.readString(Path.of(file)).strip().split(java.io.File.pathSeparator)));
    return entries;
  }

  /** The module's target directory. */
  static String workDirectory() {
    return requireNonNull(System.getProperty("netcost.test.workdir"), "netcost.test.workdir");
  }

  static ChildJvm start(
      String name,
      List<String> classpath,
      List<String> jvmOptions,
      Map<String, String> environment,
      String mainClass,
      List<String> arguments,
      Path logDirectory)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // the job's JVM options, as the launcher passes them (conf/jvm/job.options)
    command.add(
        "@"
            + requireNonNull(
                System.getProperty("netcost.jvm.options.file"), "netcost.jvm.options.file"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add(mainClass);
    command.addAll(arguments);
    Files.createDirectories(logDirectory);
    Path log = logDirectory.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return new ChildJvm(name, builder.start(), log);
  }

  /** Waits for a line of output that matches and returns the pattern's first group. */
  String await(Pattern pattern, Duration deadline) throws IOException, InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      Matcher matcher = pattern.matcher(output());
      if (matcher.find()) {
        return matcher.group(1);
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with "
                + process.exitValue()
                + " before printing "
                + pattern
                + ":\n"
                + tail());
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException(name + " did not print " + pattern + ":\n" + tail());
      }
      Thread.sleep(100);
    }
  }

  /** Waits for the program to end and returns its exit code. */
  int waitFor(Duration deadline) throws InterruptedException, IOException {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " still running after " + deadline + ":\n" + tail());
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  String tail() throws IOException {
    String text = output();
    return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // the process has ended already
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
