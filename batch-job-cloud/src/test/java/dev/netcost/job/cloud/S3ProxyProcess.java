package dev.netcost.job.cloud;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@link S3ProxyServer} in a child JVM, its class path apart from Spark's and s3a's. */
final class S3ProxyProcess implements AutoCloseable {
  static final String ACCESS_KEY = "netcost-access";
  static final String SECRET_KEY = "netcost-secret";

  private final ChildJvm jvm;
  private final int port;

  private S3ProxyProcess(ChildJvm jvm, int port) {
    this.jvm = jvm;
    this.port = port;
  }

  static S3ProxyProcess start(String bucket, Path directory) throws Exception {
    // the test class path, with Servlet 6 and s3proxy's own AWS SDK in place of Spark's Servlet 5
    // and s3a's SDK
    Path lib = Path.of(ChildJvm.workDirectory(), "s3proxy-lib");
    List<String> classpath = new ArrayList<>();
    try (var jars = java.nio.file.Files.list(lib)) {
      jars.map(Path::toString).sorted().forEach(classpath::add);
    }
    for (String entry : ChildJvm.testClasspath()) {
      String normalized = entry.replace('\\', '/');
      if (!Path.of(entry).getFileName().toString().startsWith("jakarta.servlet-api-")
          && !normalized.contains("/software/amazon/awssdk/")) {
        classpath.add(entry);
      }
    }
    Path data = directory.resolve("s3proxy-data");
    java.nio.file.Files.createDirectories(data);
    ChildJvm jvm =
        ChildJvm.start(
            "s3proxy",
            classpath,
            List.of(),
            Map.of(),
            S3ProxyServer.class.getName(),
            List.of(data.toString(), bucket, ACCESS_KEY, SECRET_KEY),
            directory);
    try {
      int port =
          Integer.parseInt(
              jvm.await(Pattern.compile("S3PROXY PORT (\\d+)"), Duration.ofMinutes(2)));
      return new S3ProxyProcess(jvm, port);
    } catch (RuntimeException | IOException | InterruptedException e) {
      jvm.close();
      throw e;
    }
  }

  int port() {
    return port;
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * s3a settings for one bucket (per-bucket keys), as spark.hadoop.fs.s3a.bucket.B.* would set
   * them.
   */
  Map<String, String> s3aSettings(String bucket) {
    String prefix = "fs.s3a.bucket." + bucket + ".";
    return Map.of(
        prefix + "endpoint", endpoint(),
        prefix + "endpoint.region", "us-east-1",
        prefix + "path.style.access", "true",
        prefix + "connection.ssl.enabled", "false",
        prefix + "aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        prefix + "access.key", ACCESS_KEY,
        prefix + "secret.key", SECRET_KEY,
        // a broken connector must fail the test, not retry for minutes
        prefix + "attempts.maximum", "2",
        prefix + "retry.limit", "2");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    jvm.close();
  }
}
