package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards and the Prometheus alerts: every metric they query is one the code
 * registers (read from the registrations, {@link ExportedMetrics}) or one of the external metrics
 * listed here; the chart and k8s/monitoring ship the same dashboards and rules; both deploy paths
 * render them.
 */
final class MonitoringTest {
  /**
   * Metrics netcost does not export but the dashboards and alerts use, with their source. Nothing
   * else may appear in a query.
   */
  static final Map<String, String> EXTERNAL_METRICS =
      Map.of(
          "up", "Prometheus: 0 when a scrape of the target failed",
          "kube_cronjob_status_last_successful_time", "kube-state-metrics: CronJob's last success",
          "kube_job_status_failed", "kube-state-metrics: failed pods of a Job",
          "kube_job_failed", "kube-state-metrics: a Job's Failed condition",
          "kube_job_status_start_time", "kube-state-metrics: Job start",
          "kube_job_status_completion_time", "kube-state-metrics: Job completion");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> DASHBOARDS =
      List.of("netcost-collectors.json", "netcost-jobs.json");

  @Test
  void exportedNamesAreReadFromTheRegistrations() {
    ExportedMetrics.Scan scan = ExportedMetrics.scan(Paths.repository());
    assertThat(scan.unreadable()).isEmpty();
    assertThat(ExportedMetrics.registryMethods(Paths.repository()))
        .as("registration methods of %s; teach ExportedMetrics a new one", ExportedMetrics.REGISTRY)
        .isEqualTo(ExportedMetrics.REGISTRATION_METHODS);
    // a few names from each registering class, as a check that the reader reads
    assertThat(scan.names())
        .contains(
            "netcost_uploads_total",
            "netcost_spool_bytes",
            "netcost_conntrack_events_lost_total",
            "netcost_conntrack_table_fill_ratio",
            "netcost_flow_bytes_total",
            "kubecost_pod_network_egress_bytes_total")
        .allMatch(name -> name.matches("(netcost|kubecost)_[a-z0-9_]+"));
  }

  @Test
  void everyQueriedMetricIsExportedOrListedAsExternal() {
    Set<String> known = new TreeSet<>(ExportedMetrics.scan(Paths.repository()).names());
    known.addAll(EXTERNAL_METRICS.keySet());
    Map<String, String> queries = queries();
    assertThat(queries).hasSizeGreaterThan(30);
    List<String> unknown = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (Map.Entry<String, String> query : queries.entrySet()) {
      Set<String> names = PromQl.metricNames(query.getValue());
      if (names.isEmpty()) {
        unknown.add(query.getKey() + ": selects no metric: " + query.getValue());
      }
      for (String name : names) {
        used.add(name);
        if (!known.contains(name)) {
          unknown.add(query.getKey() + ": unknown metric " + name);
        }
      }
    }
    assertThat(unknown).isEmpty();
    assertThat(labelProblems(queries, ExportedMetrics.scan(Paths.repository()))).isEmpty();
    // the external list holds nothing unused
    assertThat(used).containsAll(EXTERNAL_METRICS.keySet());
  }

  @Test
  void anUnknownMetricIsCaught() {
    assertThat(
            PromQl.metricNames(
                "sum by (pod) (rate(netcost_upload_total{result=\"ok\", pod=~\"$pod\"}[$__rate_interval]))"
                    + " / on(pod) group_left netcost_spool_bytes > 0.5 and time() - up offset 1h"))
        .containsExactly("netcost_spool_bytes", "netcost_upload_total", "up");
    Set<String> exported = ExportedMetrics.scan(Paths.repository()).names();
    // the misspelt name (upload for uploads) is not exported
    assertThat(exported).doesNotContain("netcost_upload_total").contains("netcost_uploads_total");
    assertThat(PromQl.metricNames("label_values(netcost_spool_snapshots{namespace=\"x\"}, pod)"))
        .containsExactly("netcost_spool_snapshots");
  }

  /**
   * Labels Prometheus adds to every series of a scraped pod (Prometheus Operator's PodMonitor
   * relabeling); any other label in a matcher must be one the metric's registrations pass.
   */
  static final Set<String> TARGET_LABELS =
      Set.of("namespace", "pod", "container", "job", "instance", "endpoint", "node");

  @Test
  void aMisspeltLabelOrValueIsCaught() {
    ExportedMetrics.Scan scan = ExportedMetrics.scan(Paths.repository());
    assertThat(scan.labels().get("netcost_uploads_total"))
        .containsExactlyEntriesOf(Map.of("result", Set.of("failed", "ok")));
    assertThat(
            labelProblems(
                Map.of(
                    "q",
                    "netcost_uploads_total{result=\"success\", pod=~\"$pod\"}"
                        + " + netcost_conntrack_dumps_total{outcome=\"ok\"}"),
                scan))
        .containsExactly(
            "q: netcost_uploads_total has no result=\"success\" (registered: [failed, ok])",
            "q: netcost_conntrack_dumps_total has no label outcome (registered: [result])");
  }

  static List<String> labelProblems(Map<String, String> queries, ExportedMetrics.Scan scan) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> query : queries.entrySet()) {
      for (PromQl.LabelMatcher matcher : PromQl.matchers(query.getValue())) {
        Map<String, Set<String>> labels = scan.labels().get(matcher.metric());
        if (labels == null || TARGET_LABELS.contains(matcher.label())) {
          continue; // not a netcost metric, or labels passed as variables: not checkable
        }
        Set<String> values = labels.get(matcher.label());
        if (values == null) {
          problems.add(
              query.getKey()
                  + ": "
                  + matcher.metric()
                  + " has no label "
                  + matcher.label()
                  + " (registered: "
                  + labels.keySet()
                  + ")");
        } else if (matcher.operator().equals("=") && !values.contains(matcher.value())) {
          problems.add(
              query.getKey()
                  + ": "
                  + matcher.metric()
                  + " has no "
                  + matcher.label()
                  + "=\""
                  + matcher.value()
                  + "\" (registered: "
                  + values
                  + ")");
        }
      }
    }
    return problems;
  }

  @Test
  void chartAndKustomizeShipTheSameDashboardsAndRules() {
    for (String dashboard : DASHBOARDS) {
      assertThat(read(HelmChart.directory().resolve("dashboards").resolve(dashboard)))
          .as(dashboard)
          .isEqualTo(read(Paths.k8s().resolve("monitoring/dashboards").resolve(dashboard)));
    }
    List<Manifest> chart =
        HelmChart.render(
            "aws",
            Map.of(
                "monitoring.prometheusRule.enabled", true, "monitoring.podMonitor.enabled", true));
    PrometheusRule rendered =
        Sources.find(chart, "PrometheusRule netcost/netcost").as(PrometheusRule.class);
    assertThat(rendered.spec()).isEqualTo(k8sRule().spec());
    PodMonitor podMonitor =
        Sources.find(chart, "PodMonitor netcost-node/netcost-flow-collector").as(PodMonitor.class);
    assertThat(podMonitor.spec())
        .isEqualTo(
            ManifestLoader.loadFile(Paths.k8s().resolve("monitoring/pod-monitor.yaml"), Paths.k8s())
                .get(0)
                .as(PodMonitor.class)
                .spec());
    // the chart's dashboards reach Grafana's sidecar as ConfigMaps holding the files as they are
    for (String dashboard : DASHBOARDS) {
      ConfigMap configMap =
          Sources.find(chart, "ConfigMap netcost/" + dashboard.replace(".json", "") + "-dashboard")
              .as(ConfigMap.class);
      assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
      assertThat(configMap.getData().get(dashboard) + "\n")
          .isEqualTo(read(HelmChart.directory().resolve("dashboards").resolve(dashboard)));
    }
  }

  @Test
  void kustomizeMonitoringComponentBuildsAndFollowsThePolicy() {
    Path dir = Paths.k8s().resolve("target/test-overlays/aws-monitoring");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("kustomization.yaml"),
          """
          apiVersion: kustomize.config.k8s.io/v1beta1
          kind: Kustomization
          resources:
            - ../../../overlays/aws
          components:
            - ../../../monitoring
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Manifest> manifests =
        ManifestLoader.load(
            "kubectl kustomize aws+monitoring", Kustomize.build(Kustomize.kubectl(), dir));
    assertThat(Policy.violations(manifests)).isEmpty();
    assertThat(Sources.find(manifests, "PrometheusRule netcost/netcost").as(PrometheusRule.class))
        .isEqualTo(withPartOfLabel(k8sRule()));
    for (String dashboard : DASHBOARDS) {
      ConfigMap configMap =
          Sources.find(
                  manifests, "ConfigMap netcost/" + dashboard.replace(".json", "") + "-dashboard")
              .as(ConfigMap.class);
      assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
      assertThat(configMap.getData().get(dashboard))
          .isEqualTo(read(Paths.k8s().resolve("monitoring/dashboards").resolve(dashboard)));
    }
  }

  @Test
  void dashboardsAreWellFormed() {
    Set<String> uids = new TreeSet<>();
    for (String name : DASHBOARDS) {
      JsonNode dashboard =
          JSON.readTree(read(Paths.k8s().resolve("monitoring/dashboards").resolve(name)));
      assertThat(uids.add(dashboard.get("uid").asString())).as("unique uid in %s", name).isTrue();
      Set<String> variables = new TreeSet<>();
      dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asString()));
      Set<Integer> ids = new TreeSet<>();
      for (JsonNode panel : dashboard.get("panels")) {
        String title = name + " panel " + panel.get("title").asString();
        assertThat(panel.get("gridPos").get("w").asInt()).as(title).isBetween(1, 24);
        if (panel.get("type").asString().equals("row")) {
          continue;
        }
        assertThat(ids.add(panel.get("id").asInt())).as("unique id: %s", title).isTrue();
        String datasource = panel.get("datasource").get("uid").asString();
        assertThat(variables)
            .as("%s uses data source %s", title, datasource)
            .contains(datasource.replace("${", "").replace("}", ""));
        assertThat(panel.get("targets")).as(title).isNotEmpty();
      }
    }
  }

  /** Every PromQL query: dashboard targets and variables, and every rule of both rule copies. */
  static Map<String, String> queries() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (Path dir :
        List.of(
            Paths.k8s().resolve("monitoring/dashboards"),
            HelmChart.directory().resolve("dashboards"))) {
      for (String name : DASHBOARDS) {
        JsonNode dashboard = JSON.readTree(read(dir.resolve(name)));
        for (JsonNode panel : dashboard.get("panels")) {
          for (JsonNode target : panel.path("targets")) {
            if (target.path("datasource").path("type").asString("").equals("prometheus")) {
              queries.put(
                  dir.getFileName()
                      + "/"
                      + name
                      + " "
                      + panel.get("title").asString()
                      + " "
                      + target.get("refId").asString(),
                  target.get("expr").asString());
            }
          }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
          if (variable.get("type").asString().equals("query")) {
            queries.put(
                name + " variable " + variable.get("name").asString(),
                variable.get("definition").asString());
          }
        }
      }
    }
    for (PrometheusRule.Group group : k8sRule().spec().groups()) {
      for (PrometheusRule.Rule rule : group.rules()) {
        queries.put("k8s/monitoring/prometheus-rule.yaml " + rule.alert(), rule.expr());
      }
    }
    Map<String, Object> chartRules =
        Yaml.readMap(HelmChart.directory().resolve("files/prometheus-rules.yaml"));
    for (Object group : (List<?>) chartRules.get("groups")) {
      for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
        Map<?, ?> r = (Map<?, ?>) rule;
        queries.put(
            "charts/netcost/files/prometheus-rules.yaml " + r.get("alert"), (String) r.get("expr"));
      }
    }
    return queries;
  }

  static PrometheusRule k8sRule() {
    return ManifestLoader.loadFile(
            Paths.k8s().resolve("monitoring/prometheus-rule.yaml"), Paths.k8s())
        .get(0)
        .as(PrometheusRule.class);
  }

  private static PrometheusRule withPartOfLabel(PrometheusRule rule) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("app.kubernetes.io/part-of", "netcost");
    rule.metadata().setLabels(labels);
    return rule;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
