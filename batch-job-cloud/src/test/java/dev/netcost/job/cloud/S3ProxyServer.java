package dev.netcost.job.cloud;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * S3Proxy with one bucket on 127.0.0.1 and a free port, until its standard input closes. Runs in a
 * child JVM ({@link S3ProxyProcess}): S3Proxy's Jetty 12 needs Servlet 6, Spark's Jetty Servlet 5.
 *
 * <p>Arguments: base directory, bucket (created unless the base directory has it), access key,
 * secret key. Prints {@code S3PROXY PORT n}.
 */
public final class S3ProxyServer {
  private S3ProxyServer() {}

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", Path.of(args[0]).toString());
    properties.setProperty("jclouds.identity", args[2]);
    properties.setProperty("jclouds.credential", args[3]);
    BlobStore blobs = BlobStores.create("filesystem-nio2", properties);
    // an existing bucket directory is served as it is (bench/nightly-s3a.sh)
    if (!blobs.containerExists(args[1])) {
      blobs.createContainer(args[1]);
    }
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobs)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, args[2], args[3])
            .endpoint(URI.create("http://127.0.0.1:0"))
            .build();
    proxy.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!proxy.getState().equals("STARTED")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start within 60 s: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    System.out.println("S3PROXY PORT " + proxy.getPort());
    System.out.flush();
    // runs until the test closes our standard input (or ends)
    while (System.in.read() >= 0) {
      // ignore input
    }
    proxy.stop();
    System.out.println("S3PROXY STOPPED " + List.of(args[1]));
  }
}
