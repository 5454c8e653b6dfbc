package dev.netcost.collector.metadata;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import java.lang.reflect.Field;

/**
 * Teaches fabric8's CRUD mock API the field selector {@code spec.nodeName} on pods, which the real
 * API server supports and the mock (8.0.0) does not: it matches field selectors against {@code
 * metadata.name} and {@code metadata.namespace} only, so a {@code spec.nodeName} selector would
 * match no pod at all. A stored pod gets the attribute {@code spec.nodeName}; lists and watches
 * with the selector then match exactly the pods of that node, as on a real cluster.
 */
public final class NodeNameFieldSelector extends KubernetesAttributesExtractor {
  private NodeNameFieldSelector() {}

  @Override
  public AttributeSet extract(HasMetadata resource) {
    AttributeSet attributes = super.extract(resource);
    Object node = null;
    if (resource instanceof Pod pod && pod.getSpec() != null) {
      node = pod.getSpec().getNodeName();
    } else if (resource instanceof GenericKubernetesResource generic
        && "Pod".equals(generic.getKind())) {
      node = generic.get("spec", "nodeName"); // how the mock reads a stored pod
    }
    if (node != null) {
      attributes = attributes.add(new Attribute("spec.nodeName", node.toString()));
    }
    return attributes;
  }

  /** A CRUD dispatcher that understands {@code spec.nodeName} field selectors on pods. */
  public static KubernetesCrudDispatcher dispatcher() throws ReflectiveOperationException {
    KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
    NodeNameFieldSelector extractor = new NodeNameFieldSelector();
    set(CrudDispatcher.class, "attributeExtractor", dispatcher, extractor);
    set(KubernetesCrudDispatcher.class, "kubernetesAttributesExtractor", dispatcher, extractor);
    return dispatcher;
  }

  private static void set(Class<?> owner, String name, Object target, Object value)
      throws ReflectiveOperationException {
    Field field = owner.getDeclaredField(name);
    field.setAccessible(true);
    field.set(target, value);
  }
}
