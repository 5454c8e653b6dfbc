package dev.netcost.collector.metadata;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * fabric8's mock API in CRUD mode on a loopback port, taught the {@code spec.nodeName} field
 * selector ({@link NodeNameFieldSelector}), with a client of it. For the tests of this module and,
 * through its test jar, collector/app's: {@link #close()} closes the client, stops the server and
 * clears the {@code kubernetes.*} system properties {@link #useApiAt} may have set. As a JUnit
 * extension ({@code @RegisterExtension final MockKubernetesApi api = MockKubernetesApi.perTest();})
 * it is started before each test and closed after it.
 */
public final class MockKubernetesApi
    implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
  /** The system properties fabric8's default configuration reads, as the tests set them. */
  private static final List<String> PROPERTIES =
      List.of(
          "kubernetes.master",
          "kubernetes.auth.tryKubeConfig",
          "kubernetes.auth.tryServiceAccount",
          "kubernetes.request.retry.backoffLimit");

  private final boolean asDefault;
  private KubernetesMockServer server;
  private KubernetesClient client;

  private MockKubernetesApi(boolean asDefault) {
    this.asDefault = asDefault;
  }

  /** Starts the mock API and a client of it. */
  public static MockKubernetesApi start() throws ReflectiveOperationException {
    MockKubernetesApi api = new MockKubernetesApi(false);
    api.open();
    return api;
  }

  /** An extension that starts a mock API before each test and closes it after. */
  public static MockKubernetesApi perTest() {
    return new MockKubernetesApi(false);
  }

  /** As {@link #perTest()}, each test's mock API also {@link #useAsDefault() the default}. */
  public static MockKubernetesApi perTestAsDefault() {
    return new MockKubernetesApi(true);
  }

  private void open() throws ReflectiveOperationException {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            NodeNameFieldSelector.dispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    if (asDefault) {
      useAsDefault();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    open();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  public KubernetesClient client() {
    return client;
  }

  /** Makes this mock API the one a client built from the default configuration talks to. */
  public MockKubernetesApi useAsDefault() {
    useApiAt(client.getMasterUrl().toString());
    return this;
  }

  /**
   * Makes {@code masterUrl} the API a client built from the default configuration talks to, with no
   * kubeconfig, no service account and no retries; {@link #clearProperties()} undoes it.
   */
  public static void useApiAt(String masterUrl) {
    System.setProperty("kubernetes.master", masterUrl);
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    System.setProperty("kubernetes.request.retry.backoffLimit", "0");
  }

  public static void clearProperties() {
    PROPERTIES.forEach(System::clearProperty);
  }

  /** A running pod on {@code node} holding the one address {@code ip}. */
  public static Pod runningPod(String namespace, String name, String node, String ip) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withContainers(new ContainerBuilder().withName("main").withImage("app:1").build())
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(ip)
        .withPodIPs(new PodIPBuilder().withIp(ip).build())
        .endStatus()
        .build();
  }

  @Override
  public void close() {
    clearProperties();
    client.close();
    server.destroy();
  }
}
